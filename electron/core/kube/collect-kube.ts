import { AppsV1Api, CoreV1Api, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import type { EvidenceStore } from '../evidence/store';
import { isCancelled, withTimeout } from '../util/abort';
import { mapPool } from '../util/pool';
import type { ProgressFn } from '../collect/progress';
import { kubeErrorMessage } from './kube-errors';
import { streamPodLog } from './pod-logs';

export interface KubeTarget {
  kubeconfig: string;
  context: string;
  namespace: string;
}

export interface KubeCollectOptions {
  signal?: AbortSignal;
  onProgress: ProgressFn;
  /** Pod logs collected at once. */
  concurrency?: number;
  /** Per-request timeout for API reads (logs get `logTimeoutMs`). */
  timeoutMs?: number;
  logTimeoutMs?: number;
  logLimitBytes?: number;
}

const RUNNER_IMAGE = /gitlab-runner(?!-helper)/;

/** Runner manager pods: the chart's labels, `app=gitlab-runner`, or a gitlab-runner image. */
export function isRunnerManagerPod(pod: V1Pod): boolean {
  const labels = pod.metadata?.labels ?? {};
  if (labels.app === 'gitlab-runner' || labels['app.kubernetes.io/name'] === 'gitlab-runner') return true;
  return (pod.spec?.containers ?? []).some((c) => RUNNER_IMAGE.test(c.image ?? ''));
}

/** Strips list items back to what `kubectl get -o yaml` shows, with kind and apiVersion. */
function asList(kind: string, apiVersion: string, items: readonly object[]): string {
  return stringify({ apiVersion: 'v1', kind: 'List', items: items.map((i) => ({ apiVersion, kind, ...i })) });
}

/**
 * Collects a namespace's runner evidence: runner pods and their logs (every container, and the
 * previous instance where it restarted), Deployments, ConfigMaps, events and quotas. Each read
 * has a timeout; one failing read is recorded and the rest go on.
 */
export async function collectKube(kc: KubeConfig, target: KubeTarget, store: EvidenceStore, opts: KubeCollectOptions): Promise<void> {
  const source = `kube:${target.context}/${target.namespace}`;
  const base = `kube/${target.context}/${target.namespace}`;
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const timeout = opts.timeoutMs ?? 20_000;
  const cfg = () => ({
    middleware: [
      {
        pre: async (ctx: { setSignal(s: AbortSignal): void }) => {
          ctx.setSignal(withTimeout(opts.signal, timeout));
          return ctx;
        },
        post: async <T>(ctx: T) => ctx,
      },
    ],
    middlewareMergeStrategy: 'append' as const,
  });
  const ns = target.namespace;

  opts.onProgress(source, 'running', 'Listing pods');
  let pods: V1Pod[];
  try {
    pods = (await core.listNamespacedPod({ namespace: ns }, cfg() as never)).items;
  } catch (err) {
    if (isCancelled(err) || opts.signal?.aborted) throw err;
    const message = `Cannot list pods in ${ns}: ${kubeErrorMessage(err)}`;
    store.addError(source, message);
    opts.onProgress(source, 'failed', message);
    throw new Error(message);
  }
  const runnerPods = pods.filter(isRunnerManagerPod);
  await store.add({ path: `${base}/pods.yaml`, source, kind: 'kube-object', content: asList('Pod', 'v1', pods) });

  const reads: [string, () => Promise<{ items: object[] }>, string, string][] = [
    ['deployments.yaml', () => apps.listNamespacedDeployment({ namespace: ns }, cfg() as never), 'Deployment', 'apps/v1'],
    ['configmaps.yaml', () => core.listNamespacedConfigMap({ namespace: ns }, cfg() as never), 'ConfigMap', 'v1'],
    ['events.yaml', () => core.listNamespacedEvent({ namespace: ns }, cfg() as never), 'Event', 'v1'],
    ['resourcequotas.yaml', () => core.listNamespacedResourceQuota({ namespace: ns }, cfg() as never), 'ResourceQuota', 'v1'],
  ];
  await Promise.all(
    reads.map(async ([file, read, kind, apiVersion]) => {
      try {
        const list = await read();
        await store.add({ path: `${base}/${file}`, source, kind: 'kube-object', content: asList(kind, apiVersion, list.items) });
      } catch (err) {
        if (opts.signal?.aborted) throw err;
        store.addError(source, `Cannot read ${file.replace('.yaml', '')} in ${ns}: ${kubeErrorMessage(err)}`);
      }
    }),
  );

  const logs = runnerPods.flatMap((pod) =>
    (pod.spec?.containers ?? []).flatMap((c) => {
      const restarted = (pod.status?.containerStatuses ?? []).some((s) => s.name === c.name && s.restartCount > 0);
      const name = pod.metadata?.name ?? 'unknown';
      return [{ pod: name, container: c.name, previous: false }, ...(restarted ? [{ pod: name, container: c.name, previous: true }] : [])];
    }),
  );
  let finished = 0;
  opts.onProgress(source, 'running', `Reading ${logs.length} logs from ${runnerPods.length} runner pods`, 0, logs.length);
  const results = await mapPool(
    logs,
    opts.concurrency ?? 8,
    async ({ pod, container, previous }) => {
      const logSource = `${source}/${pod}`;
      opts.onProgress(logSource, 'running', `Reading ${container}${previous ? ' (previous)' : ''} log`);
      try {
        const stream = await streamPodLog(kc, ns, pod, {
          container,
          previous,
          limitBytes: opts.logLimitBytes ?? 50 * 1024 * 1024,
          signal: withTimeout(opts.signal, opts.logTimeoutMs ?? 120_000),
        });
        const file = await store.add({
          path: `${base}/pods/${pod}/${container}${previous ? '.previous' : ''}.log`,
          source: logSource,
          content: stream,
          ...(opts.signal ? { signal: opts.signal } : {}),
        });
        opts.onProgress(logSource, 'done', `${container}: ${file.bytes} bytes`);
      } catch (err) {
        if (opts.signal?.aborted) {
          opts.onProgress(logSource, 'cancelled', 'Cancelled');
          throw err;
        }
        const message = `Cannot read log of ${pod}/${container}${previous ? ' (previous)' : ''}: ${kubeErrorMessage(err)}`;
        store.addError(logSource, message);
        opts.onProgress(logSource, 'failed', message);
      } finally {
        finished++;
        opts.onProgress(source, 'running', `Read ${finished} of ${logs.length} logs`, finished, logs.length);
      }
    },
    opts.signal,
  );
  if (opts.signal?.aborted) throw results.find((r) => r.status === 'rejected')?.reason ?? new Error('Cancelled');
  opts.onProgress(source, 'done', `${runnerPods.length} runner pods, ${logs.length} logs`, logs.length, logs.length);
}
