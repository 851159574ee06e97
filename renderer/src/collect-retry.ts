import i18next from 'i18next';
import { create } from 'zustand';
import type { RunnerDoctorApi } from '../../shared/ipc/api';
import { targetId, type SourceTarget } from '../../shared/source-ids';
import { api } from './client';
import type { Message } from '../../shared/messages';
import { getState, setState, showError, type OperationFinished, type SourceProgress } from './store';

/**
 * "Retry" on a failed source of the Collect step: only that source is collected again, into
 * the same diagnosis, and the findings are analyzed again. Its progress shows in the same
 * table, under the collection it belongs to.
 */
interface RetryState {
  /** Source → the retry operation collecting it again. */
  retrying: Record<string, string>;
}

export const useRetries = create<RetryState>()(() => ({ retrying: {} }));

/** Retry operation → the collection whose table shows its rows. */
const shownUnder = new Map<string, string>();

/** A retry's progress event, as a row of the collection it belongs to (others pass unchanged). */
export function asCollectionProgress(p: SourceProgress): SourceProgress {
  const collection = shownUnder.get(p.operationId);
  return collection ? { ...p, operationId: collection } : p;
}

export async function retryTarget(target: SourceTarget): Promise<void> {
  const source = targetId(target);
  const { operationId, session } = getState();
  if (!operationId || !session || useRetries.getState().retrying[source]) return;
  // The target's rows start over: its own row waits, its parts (pods) are announced again as found.
  setState((s) => {
    const rows: Record<string, SourceProgress> = {};
    for (const [id, row] of Object.entries(s.progress[operationId] ?? {})) {
      if (targetId(row.target) !== source) rows[id] = row;
      else if (row.part === undefined) rows[id] = { ...withoutText(row), state: 'pending', message: i18next.t('collect.retrying'), done: undefined, total: undefined };
    }
    return { progress: { ...s.progress, [operationId]: rows } };
  });
  const started = await api().invoke('collect.retry', { sessionId: session.sessionId, target });
  if (!started.ok) {
    markFailed(operationId, source, started.error.message, started.error.text);
    return showError(started.error);
  }
  const retry = started.value.operationId;
  shownUnder.set(retry, operationId);
  useRetries.setState((s) => ({ retrying: { ...s.retrying, [source]: retry } }));
  // Events that came before the answer named the retry: its rows move under the collection.
  setState((s) => {
    const { [retry]: early, ...others } = s.progress;
    return early ? { progress: { ...others, [operationId]: { ...others[operationId], ...early } } } : {};
  });
  const finished = finishedEarly.get(retry);
  if (finished) onFinished(finished);
}

/** Operations that finished before anyone claimed them (a retry can end before its invoke answers). */
const finishedEarly = new Map<string, OperationFinished>();

/** A row without its last line's message id, which would otherwise be shown instead of the new English line. */
function withoutText(row: SourceProgress): SourceProgress {
  const { text: _earlier, ...kept } = row;
  return kept;
}

function markFailed(operationId: string, source: string, message: string, text: Message | undefined): void {
  setState((s) => {
    const rows = s.progress[operationId] ?? {};
    const row = rows[source];
    if (!row) return {};
    return { progress: { ...s.progress, [operationId]: { ...rows, [source]: { ...withoutText(row), state: 'failed', message, ...(text ? { text } : {}) } } } };
  });
}

export function listenForRetries(instance: RunnerDoctorApi): void {
  instance.on('operation.finished', onFinished);
}

function onFinished(f: OperationFinished): void {
  const collection = shownUnder.get(f.operationId);
  const source = Object.entries(useRetries.getState().retrying).find(([, op]) => op === f.operationId)?.[0];
  if (!collection || !source) {
    finishedEarly.set(f.operationId, f);
    // Only the last few matter: a retry's invoke answers within moments.
    for (const old of [...finishedEarly.keys()].slice(0, -20)) finishedEarly.delete(old);
    return;
  }
  finishedEarly.delete(f.operationId);
  shownUnder.delete(f.operationId);
  useRetries.setState((s) => ({ retrying: Object.fromEntries(Object.entries(s.retrying).filter(([k]) => k !== source)) }));
  if (f.status === 'failed') return markFailed(collection, source, f.error ?? i18next.t('collect.failed'), f.text);
  void refreshSession(f.sessionId);
}

/** The diagnosis with the retried source's evidence and the findings made from all of it. */
async function refreshSession(sessionId: string | undefined): Promise<void> {
  if (!sessionId || getState().session?.sessionId !== sessionId) return;
  const result = await api().invoke('session.get', { sessionId });
  if (!result.ok) return showError(result.error);
  if (getState().session?.sessionId === sessionId) setState({ session: result.value });
}
