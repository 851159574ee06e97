import { list, msg } from '../../../../shared/messages';
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
/** Why an Event says the pod is stuck; the words are `kube-pod-start-timeout.why.<reason>` in the catalogs. */
const EVENT_REASONS: [RegExp, string][] = [
  [/FailedScheduling/, 'scheduling'],
  [/ErrImagePull|ImagePullBackOff|Failed to pull image/, 'image'],
  [/exceeded quota|FailedCreate/, 'quota'],
  [/FailedMount|FailedAttachVolume/, 'volume'],
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
  label: msg('kube-pod-start-timeout.label'),
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
        title: msg('kube-pod-start-timeout.title'),
        summary: [
          msg('kube-pod-start-timeout.summary.what'),
          whys.length
            ? msg('kube-pod-start-timeout.summary.events', { why: list(whys.map((w) => msg(`kube-pod-start-timeout.why.${w}`)), 'semicolon') })
            : msg('kube-pod-start-timeout.summary.noEvents'),
          msg('kube-pod-start-timeout.summary.pollTimeout'),
        ],
        evidence: evidence(timeouts.slice(0, 3), pending.slice(-1), events.slice(0, 3)),
        fixes: [fix('schedule-job-pods', msg('kube-pod-start-timeout.fix.schedule-job-pods.title'), msg('kube-pod-start-timeout.fix.schedule-job-pods.manual'))],
        references: ['https://docs.gitlab.com/runner/executors/kubernetes/troubleshooting/', 'https://docs.gitlab.com/runner/executors/kubernetes/#other-configtoml-settings'],
        ruledOut: [claim(facts, ['kube-object'], msg('kube-pod-start-timeout.ruledOut.events'), { shown: events.length > 0, source: msg('source.namespaceEvents') }), claim(facts, LOG_KINDS, msg('kube-pod-start-timeout.ruledOut.prepare'))],
      },
    ];
  },
};
