import { create } from 'zustand';
import type { Finding, FixRef } from '../../shared/findings';
import type { DemoLabInfo, SessionSummary } from '../../shared/ipc/channels';
import type { IpcError } from '../../shared/ipc/envelope';
import type { EventPayload } from '../../shared/ipc/events';
import type { PromptRequest } from '../../shared/ipc/prompts';
import type { ConnectionState } from './api';
import type { Step } from '../../shared/ipc/resume';
import type { ProgressSource } from '../../shared/source-ids';

export { STEPS, type Step } from '../../shared/ipc/resume';

export type SourceProgress = EventPayload<'operation.progress'>;
export type OperationFinished = EventPayload<'operation.finished'>;
export type TargetKey = 'kube' | 'ssh' | 'gitlab';
export type ExportResult = { saved: boolean; path?: string; bytes?: number; sha256?: string; download?: string };

/** What the Targets step offers: the demo lab's targets, or the user's own. */
export type Mode = 'demo' | 'real';

export interface AppState {
  step: Step;
  mode?: Mode;
  appLabel?: string;
  shell?: 'electron' | 'browser';
  connection: ConnectionState | { state: 'connecting' };
  /** The action in flight ('demo', 'collect', 'export'…), to disable its button and say so. */
  busy?: string;
  error?: IpcError;
  notice?: string;
  demoLab?: DemoLabInfo;
  chosen: Record<TargetKey, boolean>;
  operationId?: string;
  /** The operation the user cancelled, whose rows stay cancelled. */
  cancelling?: string;
  /** Progress per operation, then per source. Events may arrive before collect.start answers. */
  progress: Record<string, Record<string, SourceProgress>>;
  /** Per operation, every target it collects from, known as it starts. */
  /** Every target of a collection, as it announced them when it started (operation.planned). */
  planned: Record<string, ProgressSource[]>;
  finished: Record<string, OperationFinished>;
  session?: SessionSummary;
  /** The fix the user chose on a finding; the Fix step works on it. */
  fix?: { finding: Finding; fix: FixRef };
  exported?: ExportResult;
  copiedReport?: string;
  /** Questions from the main process waiting for the user, oldest first. */
  prompts: PromptRequest[];
}

export const initialState: AppState = {
  step: 'welcome',
  connection: { state: 'connecting' },
  chosen: { kube: true, ssh: true, gitlab: true },
  progress: {},
  planned: {},
  finished: {},
  prompts: [],
};

export const useStore = create<AppState>()(() => initialState);

export const setState = useStore.setState;
export const getState = useStore.getState;

export function recordProgress(updates: readonly SourceProgress[]): void {
  if (updates.length === 0) return;
  setState((s) => {
    const progress = { ...s.progress };
    for (const p of updates) {
      // After Cancel, a row already shown as cancelled does not come back to life from a late event.
      const before = progress[p.operationId]?.[p.source];
      // Nor does the source's own late "cancelled" replace the row's note of where it stopped.
      if (s.cancelling === p.operationId && before?.state === 'cancelled' && p.state !== 'done' && p.state !== 'failed') continue;
      progress[p.operationId] = { ...progress[p.operationId], [p.source]: p };
    }
    return { progress };
  });
}

/**
 * Cancel pressed: every row not yet finished says so at once, before the sources have wound down.
 * Its details say where it stopped (the State column already says "Cancelled").
 */
export function markUnfinishedCancelled(operationId: string, stoppedAt: (lastMessage: string) => string): void {
  setState((s) => {
    const rows = { ...s.progress[operationId] };
    for (const [source, row] of Object.entries(rows)) {
      if (row.state === 'pending' || row.state === 'running')
        rows[source] = { ...row, state: 'cancelled', message: row.message ? stoppedAt(row.message) : '', done: undefined, total: undefined };
    }
    return { cancelling: operationId, progress: { ...s.progress, [operationId]: rows } };
  });
}

export function recordFinished(f: OperationFinished): void {
  setState((s) => ({ finished: { ...s.finished, [f.operationId]: f } }));
}

export function goTo(step: Step): void {
  setState({ step, error: undefined, notice: undefined });
}

export function showError(error: IpcError): void {
  setState({ error, busy: undefined });
}
