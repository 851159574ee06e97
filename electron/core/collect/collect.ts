import pLimit from 'p-limit';
import { RedactionOrder, type EvidenceStore } from '../evidence/store';
import { folderReader } from '../evidence/folder-reader';
import { runnerTokensFromConfigToml, type RunnerTokenRef } from '../gitlab/config-tokens';
import type { AuditSink } from '../gitlab/runner-token-checks';
import { describeInstance } from '../gitlab/url';
import type { KubeTarget } from '../kube/collect-kube';
import type { CollectSshOptions, SshTargetInput } from '../ssh/collect-ssh';
import { targetAlias } from '../ssh/target-alias';
import { errorMessage, isCancelled } from '../util/abort';
import { msg } from '../../../shared/messages';
import { failureText } from '../util/network-failure';
import type { ProgressFn } from './progress';
import { progressSource, type ProgressSource } from '../../../shared/source-ids';
import { evidencePaths } from '../../../shared/evidence-layout';

/** Files given by name stored at once (collect --files): see RedactionOrder. */
const FILES_AT_ONCE = 2;

export interface GitlabTarget {
  url: string;
  token?: string;
  caFile?: string;
  /** Check runner tokens found in configs with POST /runners/verify: a write, only when asked (VERIFY_CHANGES). */
  verifyRunnerTokens?: boolean;
}

export interface SshPlan {
  targets: SshTargetInput[];
  options: Omit<CollectSshOptions, 'signal' | 'onProgress'>;
}

/** A namespace of a context, or every namespace of it that holds runners. */
export type KubePlanTarget = KubeTarget | (Omit<KubeTarget, 'namespace'> & { allNamespaces: true });

export interface CollectPlan {
  kube: KubePlanTarget[];
  gitlab?: GitlabTarget;
  /** One entry per ssh config and known_hosts pair. */
  ssh?: SshPlan[];
  files: string[];
}

export interface CollectOptions {
  signal?: AbortSignal;
  onProgress: ProgressFn;
  /** Called once, as collection starts, with every target named in the plan: the total to show. */
  onPlanned?: (sources: ProgressSource[]) => void;
  /**
   * Called once at the end with the runner tokens found in the collected config.toml files
   * (only with a GitLab target, the one place they may be checked): raw, for main-side use only.
   */
  onRunnerTokens?: (tokens: readonly RunnerTokenRef[]) => void;
  /** Where each `POST /runners/verify` is recorded; a plan that asks for that check needs it. */
  audit?: AuditSink;
}

export interface CollectOutcome {
  /** Sources that could not be reached at all (exit code 3 in the CLI). */
  unreachable: string[];
  cancelled: boolean;
}

/**
 * Collects from every source in parallel into one store. Each source's client (HTTP, SSH,
 * Kubernetes) loads only when the plan has such a source. A failing source is recorded and
 * never stops the others; cancel stops them all.
 */
export async function collectAll(plan: CollectPlan, store: EvidenceStore, given: CollectOptions): Promise<CollectOutcome> {
  const audit = given.audit;
  if (plan.gitlab?.verifyRunnerTokens && !audit) throw new Error('Runner tokens are checked with POST /runners/verify only where each check is recorded in the audit log.');
  const unreachable: string[] = [];
  // Every target named in the plan announces itself before the first await; onPlanned then gets the list.
  const announced = new Map<string, ProgressSource>();
  let planning = true;
  const opts = {
    ...given,
    onProgress: ((source, ...rest) => {
      if (planning) announced.set(source.id, source);
      given.onProgress(source, ...rest);
    }) satisfies ProgressFn,
  };
  const tasks: Promise<void>[] = [];
  // Runner tokens found in the configs collected here are PAT-tested against GitLab (and
  // verified, when the user asked for that write) once the other sources are done; they stay
  // in memory and never reach the store.
  const configTokens: RunnerTokenRef[] = [];
  if (plan.gitlab) store.onRawConfig((path, text) => configTokens.push(...runnerTokensFromConfigToml(text, path)));
  const guard = (source: ProgressSource, work: () => Promise<void>): Promise<void> => {
    const task = work().catch((err: unknown) => {
      if (isCancelled(err) || opts.signal?.aborted) return;
      unreachable.push(source.id);
      // Said as a message id where the error has one (or a system code), so each reader words it
      // in their language; the English stays the error's own (the system's sentence, for support).
      const said = failureText(err) ?? errorMessage(err);
      if (!store.errors().some((e) => e.source === source.id)) store.addError(source.id, said, errorMessage(err));
      opts.onProgress(source, 'failed', said);
    });
    tasks.push(task);
    return task;
  };
  // Tasks may start tasks (namespaces found by --all-namespaces): wait until none is left.
  const settled = async (except?: Promise<void>) => {
    for (let i = 0; i < tasks.length; i++) if (tasks[i] !== except) await tasks[i];
  };

  const explicit = plan.kube.filter((t): t is KubeTarget => 'namespace' in t);
  const collectNamespace = (target: KubeTarget) => {
    const source = progressSource({ kind: 'kube', context: target.context, namespace: target.namespace });
    store.addSource({ id: source.id, type: 'kubernetes', description: msg('source.kube', { context: target.context, namespace: target.namespace }) });
    opts.onProgress(source, 'pending', msg('progress.waiting'));
    guard(source, async () => (await import('../kube/collect-kube')).collectKube(target, store, opts));
  };
  explicit.forEach(collectNamespace);
  for (const target of plan.kube) {
    if ('namespace' in target) continue;
    // Every namespace holding runners: found first, then each collected as if it were named.
    const source = progressSource({ kind: 'kube', context: target.context });
    opts.onProgress(source, 'running', msg('progress.findingNamespaces'));
    guard(source, async () => {
      const { found, unlisted } = await (await import('../kube/contexts')).findRunnerNamespaces(target, opts.signal);
      const named = new Set(explicit.filter((t) => t.context === target.context).map((t) => t.namespace));
      const { allNamespaces: _all, ...rest } = target;
      for (const namespace of found) if (!named.has(namespace)) collectNamespace({ ...rest, namespace });
      const runners = found.length ? msg('progress.runnersIn', { namespaces: found.join(', ') }) : msg('progress.noRunnerNamespace');
      // Namespaces whose pods are forbidden may hold runners too: say which were not searched.
      opts.onProgress(source, 'done', unlisted.length ? msg('progress.podsNotListable', { runners, namespaces: unlisted.join(', ') }) : runners);
    });
  }
  const sshPlans = plan.ssh ?? [];
  sshPlans.forEach((ssh, i) => {
    if (!ssh.targets.length) return;
    // Announced with the other targets, before the ssh config is read, so the total is known at once.
    for (const alias of new Set(ssh.targets.map(targetAlias))) opts.onProgress(progressSource({ kind: 'ssh', alias }), 'pending', msg('progress.waiting'));
    // Each host is its own source; the SSH collector records a failing host and goes on.
    guard(progressSource({ kind: 'ssh-config', ...(sshPlans.length > 1 ? { plan: i + 1 } : {}) }), async () => {
      const { collectSshHosts } = await import('../ssh/collect-ssh');
      const results = await collectSshHosts(ssh.targets, store, {
        ...ssh.options,
        ...(plan.gitlab && !ssh.options.gitlabUrl ? { gitlabUrl: plan.gitlab.url } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
        onProgress: (source, state, message) => opts.onProgress(source, state, message),
      });
      for (const r of results) if (r.state === 'failed') unreachable.push(r.source);
    });
  });
  for (const path of plan.files) {
    const source = progressSource({ kind: 'files', path });
    store.addSource({ id: source.id, type: 'files', description: msg('source.files', { path }) });
    guard(source, async () => {
      opts.onProgress(source, 'running', msg('progress.reading'));
      const reader = await folderReader([path], source.id, opts.signal ? { signal: opts.signal } : {});
      for (const s of reader.skipped) store.addError(source.id, msg('files.skipped', { path: s.path, reason: s.text }), `${s.path}: ${s.reason}`);
      const entries = reader.entries();
      // Two files at once: the next is read and scanned while the one before is redacted,
      // compressed and written; their redaction still follows the files' order.
      const order = new RedactionOrder();
      const slots = pLimit(FILES_AT_ONCE);
      const outcomes = await Promise.allSettled(
        entries.map((entry) =>
          // Started in the files' order, so each takes its turn in `order` in that order.
          slots(() =>
            store.add({
              path: evidencePaths.files(entry.path),
              source: source.id,
              content: reader.open(entry.path),
              order,
              ...(entry.kind !== 'unknown' ? { kind: entry.kind } : {}),
              ...(opts.signal ? { signal: opts.signal } : {}),
            }),
          ),
        ),
      );
      let stored = 0;
      for (const outcome of outcomes) {
        if (outcome.status === 'fulfilled') {
          stored++;
          continue;
        }
        const err = outcome.reason as unknown;
        if (isCancelled(err) || opts.signal?.aborted) throw err;
        // One file that cannot be read (or is refused) is an entry in errors; the rest goes on.
        store.addError(source.id, failureText(err) ?? errorMessage(err), errorMessage(err));
      }
      opts.onProgress(source, 'done', msg('progress.storedFiles', { count: stored }));
    });
  }
  if (plan.gitlab) {
    const gitlab = plan.gitlab;
    const own: { task?: Promise<void> } = {};
    const { source, origin } = describeInstance(gitlab.url);
    store.addSource({ id: source.id, type: 'gitlab', description: msg('source.gitlab', { origin }) });
    opts.onProgress(source, 'pending', msg('progress.waiting'));
    own.task = guard(source, async () => {
      const [{ collectGitlab }, { readCaFile }] = await Promise.all([import('../gitlab/collect-gitlab'), import('../gitlab/tls-trust')]);
      const caPem = gitlab.caFile ? await readCaFile(gitlab.caFile) : undefined;
      const runnerTokens = async () => (await settled(own.task), configTokens);
      await collectGitlab({ url: gitlab.url, ...(gitlab.token ? { token: gitlab.token } : {}), ...(caPem ? { caPem } : {}), runnerTokens, ...(gitlab.verifyRunnerTokens && audit ? { verifyRunnerTokens: { audit } } : {}) }, store, opts);
    });
  }
  planning = false;
  given.onPlanned?.([...announced.values()]);
  await settled();
  if (plan.gitlab) given.onRunnerTokens?.(configTokens);
  return { unreachable, cancelled: opts.signal?.aborted ?? false };
}
