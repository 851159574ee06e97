import type { Analyzer, Draft } from '../analyzer';
import { str } from '../extract/structured';
import { kubeObjectsOf, matchesOf, type Facts, type Located } from '../facts';
import { claim, evidence, fix, LOG_KINDS } from '../finding';
import type { LogSignature } from '../scan/signatures';

const POD_TIMEOUT: LogSignature = {
  id: 'pod-start-timeout',
  hints: ['timed out waiting for pod to start', 'waiting for pod running: timed out'],
  pattern: /waiting for pod running: timed out(?: waiting for pod to start)?|timed out waiting for pod to start/,
};

const POD_PENDING: LogSignature = {
  id: 'pod-pending',
  hints: ['to be running, status is Pending'],
  pattern: /Waiting for pod (?<pod>\S+) to be running, status is Pending/,
};

/** Why a pod does not start, from its Events: scheduling, image pulls, quota, volumes. */
const EVENT_REASONS: [RegExp, string][] = [
  [/FailedScheduling/, 'no node can take the pod (FailedScheduling: not enough CPU or memory, taints, node selectors)'],
  [/ErrImagePull|ImagePullBackOff|Failed to pull image/, 'its image cannot be pulled'],
  [/exceeded quota|FailedCreate/, 'a ResourceQuota refuses it'],
  [/FailedMount|FailedAttachVolume/, 'a volume cannot be mounted'],
];

/**
 * The Kubernetes executor gave up waiting for a job pod: `ERROR: Job failed (system failure):
 * prepare environment: waiting for pod running: timed out waiting for pod to start` after
 * `Waiting for pod … to be running, status is Pending`. The pod's Events say why (scheduling,
 * image pull, quota, volumes); the runner's poll_timeout (180 s by default) says how long it
 * waited. Not fired by: pods that were Pending for a while and then ran.
 */
export const kubePodStartTimeout: Analyzer = {
  id: 'kube-pod-start-timeout',
  label: 'job pod never started',
  signatures: [POD_TIMEOUT, POD_PENDING],
  analyze(facts: Facts): Draft[] {
    const timeouts = matchesOf(facts, POD_TIMEOUT);
    if (!timeouts.length) return [];
    const pending = matchesOf(facts, POD_PENDING).filter((p) => timeouts.some((t) => t.file === p.file && t.line > p.line));
    const events: (Located & { why: string })[] = kubeObjectsOf(facts, 'Event').flatMap((e) => {
      const text = `${str(e.object.reason) ?? ''} ${str(e.object.message) ?? ''}`;
      const why = EVENT_REASONS.find(([re]) => re.test(text))?.[1];
      return why ? [{ ...e.at(['message']), why }] : [];
    });
    const whys = [...new Set(events.map((e) => e.why))];
    return [
      {
        id: 'kube-pod-start-timeout',
        severity: 'error',
        title: 'Job pods never started: the runner timed out waiting for them',
        summary:
          'The Kubernetes executor created the job\'s pod, but it stayed Pending until the runner gave up (poll_timeout, 180 s by default), so the job failed as a system failure before its script ran. ' +
          (whys.length
            ? `The pod's Events say why: ${whys.join('; ')}. `
            : 'Collect the namespace\'s Events (kubectl get events -n <namespace>) to see why: scheduling (CPU, memory, taints), image pulls, quota or volumes. ') +
          'Raising poll_timeout only helps when pods are slow to start, not when they cannot.',
        evidence: evidence(timeouts.slice(0, 3), pending.slice(-1), events.slice(0, 3)),
        fixes: [fix('schedule-job-pods', 'Make job pods schedulable, then retry', 'kubectl describe pod <job pod> -n <namespace> and kubectl get events show the reason: lower cpu/memory requests or add nodes, fix the image or its pull secret, raise the quota; raise poll_timeout in [runners.kubernetes] only for slow starts.')],
        references: ['https://docs.gitlab.com/runner/executors/kubernetes/troubleshooting/', 'https://docs.gitlab.com/runner/executors/kubernetes/#other-configtoml-settings'],
        ruledOut: [claim(facts, ['kube-object'], 'The pod\'s Events were read for the reason.', { shown: events.length > 0, source: 'Kubernetes Event list for the job\'s namespace' }), claim(facts, LOG_KINDS, 'The job never started its script: the timeout is in preparing the environment.')],
      },
    ];
  },
};
