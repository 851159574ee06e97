import type { ProgressFn } from '../collect/progress';
import type { EvidenceStore } from '../evidence/store';
import { withTimeout } from '../util/abort';
import { mapPool } from '../util/pool';
import type { KubeClient } from './kube-client';
import { KubeApiError, kubeErrorText } from './kube-errors';
import { list, msg } from '../../../shared/messages';
import { podProblemTexts } from './pod-problems';
import { keepPartialLog, streamPodLog } from './pod-logs';
import type { Semaphore } from './semaphore';
import { progressSource, type ProgressSource } from '../../../shared/source-ids';
import { evidencePaths } from '../../../shared/evidence-layout';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Bounds on each container log (all optional; see docs/kubernetes.md for the defaults). */
export interface LogLimits {
  tailLines?: number;
  sinceSeconds?: number;
  limitBytes?: number;
  /** Per log stream, from the request to the last byte. */
  timeoutMs?: number;
}

export const DEFAULT_LOG_LIMITS = { tailLines: 100_000, limitBytes: 32 * 1024 * 1024, timeoutMs: 120_000 } as const;

export interface LogJob {
  pod: string;
  container: string;
  previous: boolean;
}

/** Every container of a pod (init containers too), and the previous instance of those that restarted. */
export function logJobsOf(pod: Obj): LogJob[] {
  const name: string = pod.metadata?.name ?? 'unknown';
  const statuses: Obj[] = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  const containers: Obj[] = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  return containers.flatMap((c) => {
    const restarted = statuses.some((s) => s.name === c.name && (s.restartCount ?? 0) > 0);
    return [
      { pod: name, container: c.name as string, previous: false },
      ...(restarted ? [{ pod: name, container: c.name as string, previous: true }] : []),
    ];
  });
}

export interface LogsContext {
  client: KubeClient;
  namespace: string;
  store: EvidenceStore;
  source: string;
  /** The namespace as progress reports it; its pods are parts of it. */
  progress: ProgressSource;
  /** The kubeconfig context, for the evidence paths. */
  context: string;
  signal?: AbortSignal;
  onProgress: ProgressFn;
  concurrency: number;
  slots: Semaphore;
  limits: LogLimits;
}

/**
 * Streams the logs of the given pods into the store, `concurrency` at a time (and within the
 * shared budget across contexts). Each pod is its own progress source; a failing log is
 * recorded for its pod and never stops the others.
 */
export async function collectLogs(ctx: LogsContext, pods: readonly Obj[]): Promise<{ logs: number; failed: number }> {
  const jobs = pods.flatMap(logJobsOf);
  const remaining = new Map<string, number>();
  const podFailed = new Set<string>();
  for (const j of jobs) remaining.set(j.pod, (remaining.get(j.pod) ?? 0) + 1);
  for (const p of pods) {
    const problems = podProblemTexts(p);
    ctx.onProgress(progressSource(ctx.progress.target, String(p.metadata?.name)), 'pending', problems.length ? msg('progress.waitingBecause', { problems: list(problems, 'semicolon') }) : msg('progress.waiting'));
  }
  let finished = 0;
  let failed = 0;
  ctx.onProgress(ctx.progress, 'running', msg('progress.readingLogs', { logs: msg('progress.logs', { count: jobs.length }), pods: msg('progress.pods', { count: pods.length }) }), 0, jobs.length);
  const limits = { ...DEFAULT_LOG_LIMITS, ...ctx.limits };
  await mapPool(
    jobs,
    ctx.concurrency,
    (job) =>
      ctx.slots.run(async () => {
        const podProgress = progressSource(ctx.progress.target, job.pod);
        const podSource = podProgress.id;
        const labelText = job.previous ? msg('kube.previous', { container: job.container }) : job.container;
        ctx.onProgress(podProgress, 'running', msg('progress.readingLog', { container: labelText }));
        try {
          const raw = await streamPodLog(ctx.client, ctx.namespace, job.pod, {
            container: job.container,
            previous: job.previous,
            ...(limits.tailLines !== undefined ? { tailLines: limits.tailLines } : {}),
            ...(limits.limitBytes !== undefined ? { limitBytes: limits.limitBytes } : {}),
            ...(limits.sinceSeconds !== undefined ? { sinceSeconds: limits.sinceSeconds } : {}),
            signal: withTimeout(ctx.signal, limits.timeoutMs),
          });
          const content = keepPartialLog(
            raw,
            () => ctx.signal?.aborted === true,
            (message, bytes) => {
              podFailed.add(job.pod);
              ctx.store.addError(podSource, msg('kube.logStopped', { pod: job.pod, container: labelText, bytes, reason: message }));
            },
          );
          const file = await ctx.store.add({
            path: evidencePaths.podLog(ctx.context, ctx.namespace, job.pod, job.container, job.previous),
            source: podSource,
            content,
            ...(ctx.signal ? { signal: ctx.signal } : {}),
          });
          ctx.onProgress(podProgress, 'running', msg('progress.logBytes', { container: labelText, count: file.bytes }));
        } catch (err) {
          if (ctx.signal?.aborted) throw err;
          // No previous instance kept by the kubelet is not a failure: there is just nothing to read.
          if (job.previous && err instanceof KubeApiError && err.status === 400) return;
          failed++;
          podFailed.add(job.pod);
          const text = msg('kube.cannotReadLog', { pod: job.pod, container: labelText, reason: kubeErrorText(err) });
          ctx.store.addError(podSource, text);
          ctx.onProgress(podProgress, 'running', text);
        } finally {
          finished++;
          const left = (remaining.get(job.pod) ?? 1) - 1;
          remaining.set(job.pod, left);
          if (left === 0) {
            if (ctx.signal?.aborted) ctx.onProgress(podProgress, 'cancelled', msg('progress.cancelled'));
            else
              ctx.onProgress(
                podProgress,
                podFailed.has(job.pod) ? 'failed' : 'done',
                podFailed.has(job.pod) ? msg('progress.logsIncomplete') : msg('progress.logsRead'),
              );
          }
          ctx.onProgress(ctx.progress, 'running', msg('progress.logsDone', { done: finished, count: jobs.length }), finished, jobs.length);
        }
      }, ctx.signal),
    ctx.signal,
  );
  return { logs: jobs.length, failed };
}
