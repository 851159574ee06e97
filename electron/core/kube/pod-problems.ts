import { formatError } from '../../../shared/i18n/text';
import { msg, type Message } from '../../../shared/messages';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Kubernetes reasons with words of their own in other languages (`pod.why.*`: "образ не
 * скачивается (ImagePullBackOff)"); in English, and for any other reason, the reason as Kubernetes wrote it.
 */
const WORDED_REASONS = new Set([
  'ImagePullBackOff',
  'ErrImagePull',
  'ErrImageNeverPull',
  'InvalidImageName',
  'CrashLoopBackOff',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
  'ContainerCannotRun',
  'ContainersNotReady',
  'Unschedulable',
  'Error',
  'DeadlineExceeded',
  'NodeShutdown',
  'Shutdown',
  'UnexpectedAdmissionError',
  'OutOfmemory',
  'OutOfcpu',
  'NodeAffinity',
]);

/** A Kubernetes reason as a message where it has words of its own, else as written. */
export function reasonText(reason: string): string | Message {
  return WORDED_REASONS.has(reason) ? msg(`pod.why.${reason}`) : reason;
}

/**
 * What is wrong with a pod, as messages: restarts, OOMKilled, Evicted, waiting reasons
 * (ImagePullBackOff, CrashLoopBackOff…) and why a Pending pod is not scheduled. Kubernetes'
 * own messages are quoted as they came.
 */
export function podProblemTexts(pod: Obj): Message[] {
  const out: Message[] = [];
  const status = pod.status ?? {};
  if (status.reason === 'Evicted') out.push(msg('pod.evicted', { message: status.message ?? msg('pod.noMessage') }));
  else if (status.reason) out.push(status.message ? msg('pod.reasonMessage', { reason: reasonText(status.reason), message: status.message }) : msg('pod.reason', { reason: reasonText(status.reason) }));
  for (const c of [...(status.initContainerStatuses ?? []), ...(status.containerStatuses ?? [])] as Obj[]) {
    const name = String(c.name);
    if (c.restartCount > 0) out.push(msg('pod.restarts', { name, count: c.restartCount }));
    const last = c.lastState?.terminated;
    if (last?.reason === 'OOMKilled') out.push(msg('pod.oomKilledLast', { name, code: last.exitCode ?? 137 }));
    const now = c.state?.terminated;
    if (now?.reason === 'OOMKilled') out.push(msg('pod.oomKilled', { name }));
    else if (now && now.exitCode !== 0 && now.reason) out.push(msg('pod.terminated', { name, reason: reasonText(now.reason), code: now.exitCode }));
    const waiting = c.state?.waiting;
    if (waiting?.reason && waiting.reason !== 'ContainerCreating' && waiting.reason !== 'PodInitializing') {
      const reason = reasonText(waiting.reason);
      out.push(waiting.message ? msg('pod.waitingMessage', { name, reason, message: String(waiting.message).slice(0, 200) }) : msg('pod.waiting', { name, reason }));
    }
  }
  if (status.phase === 'Pending') {
    const unscheduled = (status.conditions ?? []).find((c: Obj) => c.type === 'PodScheduled' && c.status === 'False');
    if (unscheduled) {
      const reason = reasonText(unscheduled.reason ?? 'Unschedulable');
      out.push(unscheduled.message ? msg('pod.pendingMessage', { reason, message: String(unscheduled.message).slice(0, 300) }) : msg('pod.pendingReason', { reason }));
    } else if (!out.length) out.push(msg('pod.pending'));
  }
  if (status.phase === 'Failed' && !out.length) out.push(msg('pod.failed'));
  return out;
}

/** What is wrong with a pod, in English: as the evidence records it. */
export function podProblems(pod: Obj): string[] {
  return podProblemTexts(pod).map((m) => formatError(m));
}
