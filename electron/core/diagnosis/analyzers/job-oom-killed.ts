import { msg } from '../../../../shared/messages';
import type { Analyzer, Draft } from '../analyzer';
import { kubeObjectsOf, matchesOf, type Facts, type Located } from '../facts';
import { isRecord, str } from '../extract/structured';
import { claim, evidence, fix, LOG_KINDS } from '../finding';
import type { LogSignature } from '../scan/signatures';

const KILLED: LogSignature = {
  id: 'job-killed',
  hints: ['OOMKilled', 'exit code 137', 'exit code: 137', 'Out of memory: Killed process'],
  pattern: /(?<oom>OOMKilled)|Job failed[^"\n]*exit code:? 137\b|exit code:? 137\b[^"\n]*OOMKilled|(?<kernel>Out of memory: Killed process \d+)/,
};

/** Job pods whose containers Kubernetes reports OOMKilled. */
function oomPods(facts: Facts): Located[] {
  return kubeObjectsOf(facts, 'Pod').flatMap((pod) => {
    const status = isRecord(pod.object.status) ? pod.object.status : {};
    const statuses = Array.isArray(status.containerStatuses) ? status.containerStatuses : [];
    return statuses.flatMap((c, i) => {
      if (!isRecord(c)) return [];
      for (const when of ['state', 'lastState'] as const) {
        const term = isRecord(c[when]) && isRecord((c[when] as Record<string, unknown>).terminated) ? ((c[when] as Record<string, unknown>).terminated as Record<string, unknown>) : undefined;
        if (term && str(term.reason) === 'OOMKilled') return [pod.at(['status', 'containerStatuses', i, when, 'terminated', 'reason'])];
      }
      return [];
    });
  });
}

/**
 * A job was killed for memory: `Error in container build: exit code: 137, reason: 'OOMKilled'`,
 * a pod whose container terminated `OOMKilled`, the kernel's `Out of memory: Killed process`,
 * or `Job failed: exit code 137` (SIGKILL: most often the OOM killer, sometimes a host killing
 * the container). Raise the job's memory limit (Kubernetes: memory_limit and
 * KUBERNETES_MEMORY_LIMIT within memory_limit_overwrite_max_allowed) or make the job use less.
 * Not fired by: other exit codes (`exit code 1` is the script failing).
 */
export const jobOomKilled: Analyzer = {
  id: 'job-oom-killed',
  label: msg('job-oom-killed.label'),
  signatures: [KILLED],
  analyze(facts: Facts): Draft[] {
    const lines = matchesOf(facts, KILLED);
    const pods = oomPods(facts);
    if (!lines.length && !pods.length) return [];
    const certain = pods.length > 0 || lines.some((m) => m.fields.oom || m.fields.kernel);
    return [
      {
        id: 'job-oom-killed',
        severity: 'error',
        title: msg(certain ? 'job-oom-killed.title.certain' : 'job-oom-killed.title.likely'),
        summary: [msg(certain ? 'job-oom-killed.summary.certain' : 'job-oom-killed.summary.likely'), msg('job-oom-killed.summary.advice')],
        evidence: evidence(lines.slice(0, 4), pods.slice(0, 3)),
        fixes: [fix('raise-job-memory', msg('job-oom-killed.fix.raise-job-memory.title'), msg('job-oom-killed.fix.raise-job-memory.manual'))],
        references: ['https://docs.gitlab.com/runner/executors/kubernetes/#overwrite-container-resources', 'https://kubernetes.io/docs/tasks/configure-pod-container/assign-memory-resource/'],
        ruledOut: [claim(facts, [...LOG_KINDS, 'kube-object'], msg('job-oom-killed.ruledOut.sigkill'))],
      },
    ];
  },
};
