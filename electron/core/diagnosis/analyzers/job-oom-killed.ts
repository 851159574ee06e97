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
  label: 'job killed for memory',
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
        title: certain ? 'A job was killed for using too much memory (OOMKilled)' : 'A job was killed with SIGKILL (exit code 137), most likely for memory',
        summary:
          (certain
            ? 'The job\'s container went over its memory limit and was killed by the OOM killer. '
            : 'Exit code 137 means the job\'s process got SIGKILL. The OOM killer is the usual sender; a host or container runtime stopping the container is the other. Check `dmesg`/the journal for "Out of memory" on the host. ') +
          'On Kubernetes raise memory_limit (or KUBERNETES_MEMORY_LIMIT in the job, up to memory_limit_overwrite_max_allowed); with Docker raise [runners.docker] memory or free the host\'s memory; or make the build use less (e.g. fewer parallel workers, a smaller JVM heap).',
        evidence: evidence(lines.slice(0, 4), pods.slice(0, 3)),
        fixes: [fix('raise-job-memory', 'Give the job more memory, or make it use less', 'Kubernetes executor: memory_limit / memory_request in [runners.kubernetes], or KUBERNETES_MEMORY_LIMIT in the job (allowed up to memory_limit_overwrite_max_allowed). Docker executor: memory in [runners.docker]. Then retry the job.')],
        references: ['https://docs.gitlab.com/runner/executors/kubernetes/#overwrite-container-resources', 'https://kubernetes.io/docs/tasks/configure-pod-container/assign-memory-resource/'],
        ruledOut: [claim(facts, [...LOG_KINDS, 'kube-object'], 'Exit code 137 (SIGKILL), not a script failing with its own exit code.')],
      },
    ];
  },
};
