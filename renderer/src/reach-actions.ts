import type { RunnerDoctorApi } from '../../shared/ipc/api';
import type { EventPayload } from '../../shared/ipc/events';
import type { KubeReach } from '../../shared/ipc/targets';
import { api } from './client';
import { getTargets, kubeconfigInput, setTargets } from './targets-store';

/**
 * Whether each kubeconfig context's cluster answers. The main process checks them in parallel
 * and reports each as it learns it; leaving the step cancels what is still being checked.
 */

function setReach(updates: Record<string, KubeReach>): void {
  setTargets((s) => ({ kube: { ...s.kube, reach: { ...s.kube.reach, ...updates } } }));
}

/** Starts a check of `contexts` (default: every context listed), replacing one in flight. */
export async function checkReachability(contexts?: string[]): Promise<void> {
  const names = contexts ?? getTargets().kube.contexts?.contexts.map((c) => c.name) ?? [];
  if (names.length === 0) return;
  if (!contexts) stopRunning();
  setReach(Object.fromEntries(names.map((n) => [n, { state: 'checking' }])));
  const started = await api().invoke('kube.reach', { ...kubeconfigInput(), contexts: names });
  if (!started.ok) {
    setReach(Object.fromEntries(names.map((n) => [n, { state: 'unreachable', reason: 'other', detail: started.error.message }])));
    return;
  }
  const operationId = started.value.operationId;
  operations.set(operationId, new Set(names));
  // Answers that came before the invoke did (a broken entry is known at once).
  for (const e of early.splice(0)) if (e.operationId === operationId) apply(e);
}

/** One context again (after an action on it failed, or "Check again"). */
export function recheckContext(context: string): Promise<void> {
  return checkReachability([context]);
}

/** Leaving the step: checks still running stop, and their contexts are no longer said to be checking. */
export function cancelReachability(): void {
  stopRunning();
  setTargets((s) => ({
    kube: { ...s.kube, reach: Object.fromEntries(Object.entries(s.kube.reach).filter(([, r]) => r.state !== 'checking')) },
  }));
}

function stopRunning(): void {
  const running = [...operations.keys()];
  operations.clear();
  early.length = 0;
  for (const operationId of running) void api().invoke('operation.cancel', { operationId });
}

/** Checks in flight and the contexts each one covers: a late answer of a cancelled check is dropped. */
const operations = new Map<string, Set<string>>();
type ReachEvent = EventPayload<'kube.reach'>;
/** Answers whose check has not been named by its invoke yet. */
const early: ReachEvent[] = [];

function apply({ operationId, context, reach }: ReachEvent): void {
  if (operations.get(operationId)?.has(context)) setReach({ [context]: reach });
}

export function listenForReach(instance: RunnerDoctorApi): void {
  instance.on('kube.reach', (e) => {
    if (operations.has(e.operationId)) apply(e);
    else if (early.length < 1000) early.push(e);
  });
  instance.on('operation.finished', ({ operationId }) => void operations.delete(operationId));
}
