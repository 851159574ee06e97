import { stringify } from 'yaml';
import type { EvidenceStore } from '../evidence/store';
import type { ProgressFn } from '../collect/progress';
import { CancelledError } from '../util/abort';
import { accessReportYaml, checkAccess, grantYaml, missing, type AccessReport } from './access-review';
import { collectLogs, type LogLimits } from './collect-logs';
import { collectObjects, collectRunnerConfigs } from './collect-objects';
import { discoverRunners, isRunnerManagerPod } from './discovery';
import type { ExecApprovalStore, ExecApprover } from './exec-approval';
import { KubeClient, type KubeConnectOptions } from './kube-client';
import { KubeApiError, kubeErrorText, kubeReasonMessage } from './kube-errors';
import { MessageError } from '../../../shared/i18n/text';
import { msg } from '../../../shared/messages';
import { podProblems } from './pod-problems';
import { sharedLogStreams, type Semaphore } from './semaphore';
import { progressSource } from '../../../shared/source-ids';
import { evidencePaths, KUBE_FILES, type KubeFile } from '../../../shared/evidence-layout';

export interface KubeTarget {
  /** A kubeconfig file or a KUBECONFIG-style list of files (merged as kubectl does). */
  kubeconfig: string;
  context: string;
  namespace: string;
  /** Asked before a kubeconfig exec credential plugin runs for the first time. */
  approveExec?: ExecApprover;
  approvals?: ExecApprovalStore;
  logs?: LogLimits;
}

export interface KubeCollectOptions {
  signal?: AbortSignal;
  onProgress: ProgressFn;
  /** Log streams at once for this context (default 8). */
  concurrency?: number;
  /** The budget shared with other contexts (default 16 streams). */
  logSlots?: Semaphore;
  /** Per-request timeout for API reads. */
  timeoutMs?: number;
  /** Overrides for the connection (tests: PATH for exec plugins, approvals). */
  connect?: KubeConnectOptions;
  /** Job pods whose logs are read (those with problems, newest first). */
  maxJobPodLogs?: number;
}

export { isRunnerManagerPod };

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Collects a namespace's runner evidence: an RBAC self-check, pods, Deployments, ConfigMaps
 * (and the config.toml they hold), Secrets as metadata only, sorted events, quotas with usage,
 * node conditions when allowed, the runner managers found, and the logs of every runner
 * container (previous instances too) and of failing job pods. One failing read or log is
 * recorded and the rest go on; an unreachable cluster throws.
 */
export async function collectKube(target: KubeTarget, store: EvidenceStore, opts: KubeCollectOptions): Promise<void> {
  const progress = progressSource({ kind: 'kube', context: target.context, namespace: target.namespace });
  const source = progress.id;
  const file = (name: KubeFile) => evidencePaths.kubeFile(target.context, target.namespace, name);
  const ns = target.namespace;
  const timeoutMs = opts.timeoutMs ?? 20_000;
  opts.onProgress(progress, 'running', msg('progress.connecting'));
  const client = await KubeClient.connect(target.kubeconfig, target.context, {
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(target.approveExec ? { approve: target.approveExec } : {}),
    ...(target.approvals ? { approvals: target.approvals } : {}),
    timeoutMs,
    ...opts.connect,
  });
  try {
    try {
      await client.json('/version', { timeoutMs: Math.min(timeoutMs, 15_000), ...(opts.signal ? { signal: opts.signal } : {}) });
    } catch (err) {
      if (opts.signal?.aborted) throw new CancelledError();
      // A 401/403 means the cluster answered: it is the credentials, not the network path.
      const refused = err instanceof KubeApiError && (err.status === 401 || err.status === 403);
      const { text, english } = kubeReasonMessage(refused ? 'kube.credentialsRefused' : 'kube.cannotReach', { context: target.context, server: client.server }, err);
      throw new MessageError(text, english);
    }

    opts.onProgress(progress, 'running', msg('progress.checkingPermissions'));
    let access: AccessReport | undefined;
    let grantFile: string | undefined;
    try {
      access = await checkAccess(client, ns, opts.signal ? { signal: opts.signal } : {});
      await store.add({ path: file(KUBE_FILES.accessReviews), source, kind: 'kube-object', content: accessReportYaml(access) });
      const lacking = missing(access).filter((p) => p.usedBy.includes('collect'));
      if (lacking.length) {
        grantFile = `evidence/${file(KUBE_FILES.rbacGrant)}`;
        await store.add({ path: file(KUBE_FILES.rbacGrant), source, kind: 'kube-object', content: grantYaml(lacking, ns, access.username) });
      }
    } catch (err) {
      if (opts.signal?.aborted) throw new CancelledError();
      store.addError(source, msg('kube.cannotCheckPermissions', { namespace: ns, reason: kubeErrorText(err) }));
    }
    const denied = new Set(access ? missing(access).map((p) => p.id) : []);

    opts.onProgress(progress, 'running', msg('progress.listing'));
    const ctx = { client, context: target.context, namespace: ns, store, source, ...(opts.signal ? { signal: opts.signal } : {}), timeoutMs };
    const { objects, failed } = await collectObjects(ctx, denied, grantFile);
    if (failed.has('pods') && failed.has('deployments') && failed.has('configMaps')) {
      throw new MessageError(msg('kube.nothingRead', { namespace: ns, reason: failed.get('pods') }));
    }
    await collectRunnerConfigs(ctx, objects.configMaps);

    const found = discoverRunners(ns, {
      pods: objects.pods,
      deployments: objects.deployments,
      configMaps: objects.configMaps,
      secrets: objects.secrets,
    });
    await store.add({
      path: file(KUBE_FILES.runnerManagers),
      source,
      kind: 'kube-object',
      content: stringify(
        {
          apiVersion: 'v1',
          kind: 'List',
          items: [
            ...found.managers,
            {
              apiVersion: 'runner-doctor.io/v1',
              kind: 'RunnerJobs',
              metadata: { name: 'jobs', namespace: ns },
              spec: {
                pods: found.jobPods.map((p: Obj) => ({ name: p.metadata?.name, phase: p.status?.phase, problems: podProblems(p) })),
                secrets: found.jobSecrets,
                secretsWithoutLiveOwner: found.jobSecrets.filter((s) => !s.liveOwner).length,
              },
            },
          ],
        },
        { lineWidth: 0 },
      ),
    });
    if (found.managers.length === 0)
      store.addError(source, msg('kube.noManager', { namespace: ns }));

    const failingJobs = found.jobPods
      .filter((p: Obj) => podProblems(p).length > 0)
      .sort((a: Obj, b: Obj) => String(b.metadata?.creationTimestamp ?? '').localeCompare(String(a.metadata?.creationTimestamp ?? '')))
      .slice(0, opts.maxJobPodLogs ?? 20);
    const logPods = [...found.managerPods, ...failingJobs];
    const { logs } = denied.has('get-pod-logs')
      ? (store.addError(source, msg('kube.logsDenied', { namespace: ns, grant: grantFile ? msg('kube.grantHint', { file: grantFile }) : '' })),
        { logs: 0 })
      : await collectLogs(
          {
            client,
            namespace: ns,
            store,
            source,
            progress,
            context: target.context,
            ...(opts.signal ? { signal: opts.signal } : {}),
            onProgress: opts.onProgress,
            concurrency: opts.concurrency ?? 8,
            slots: opts.logSlots ?? sharedLogStreams,
            limits: target.logs ?? {},
          },
          logPods,
        );
    if (opts.signal?.aborted) throw new CancelledError();
    opts.onProgress(
      progress,
      'done',
      msg('progress.kubeDone', {
        managers: msg('progress.managers', { count: found.managers.length }),
        managerPods: msg('progress.managerPods', { count: found.managerPods.length }),
        jobPods: msg('progress.jobPods', { count: found.jobPods.length }),
        logs: msg('progress.logs', { count: logs }),
      }),
      logs,
      logs,
    );
  } finally {
    await client.close();
  }
}
