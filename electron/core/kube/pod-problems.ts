type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * What is wrong with a pod, in words: restarts, OOMKilled, Evicted, waiting reasons
 * (ImagePullBackOff, CrashLoopBackOff…) and why a Pending pod is not scheduled.
 */
export function podProblems(pod: Obj): string[] {
  const out: string[] = [];
  const status = pod.status ?? {};
  if (status.reason === 'Evicted') out.push(`Evicted: ${status.message ?? 'no message'}`);
  else if (status.reason) out.push(`${status.reason}${status.message ? `: ${status.message}` : ''}`);
  for (const c of [...(status.initContainerStatuses ?? []), ...(status.containerStatuses ?? [])] as Obj[]) {
    if (c.restartCount > 0) out.push(`${c.name}: ${c.restartCount} restart${c.restartCount === 1 ? '' : 's'}`);
    const last = c.lastState?.terminated;
    if (last?.reason === 'OOMKilled') out.push(`${c.name}: OOMKilled (last instance, exit ${last.exitCode ?? 137})`);
    const now = c.state?.terminated;
    if (now?.reason === 'OOMKilled') out.push(`${c.name}: OOMKilled`);
    else if (now && now.exitCode !== 0 && now.reason) out.push(`${c.name}: ${now.reason} (exit ${now.exitCode})`);
    const waiting = c.state?.waiting;
    if (waiting?.reason && waiting.reason !== 'ContainerCreating' && waiting.reason !== 'PodInitializing')
      out.push(`${c.name}: ${waiting.reason}${waiting.message ? ` (${String(waiting.message).slice(0, 200)})` : ''}`);
  }
  if (status.phase === 'Pending') {
    const unscheduled = (status.conditions ?? []).find((c: Obj) => c.type === 'PodScheduled' && c.status === 'False');
    if (unscheduled)
      out.push(
        `Pending: ${unscheduled.reason ?? 'Unschedulable'}${unscheduled.message ? ` (${String(unscheduled.message).slice(0, 300)})` : ''}`,
      );
    else if (!out.length) out.push('Pending');
  }
  if (status.phase === 'Failed' && !out.length) out.push('Failed');
  return out;
}
