import { create } from 'zustand';
import type { FixOutcome, FixProgress } from '../../../shared/fixes';
import type { Message } from '../../../shared/messages';
import type { PlannedFix, StoredRollback, TokenKeeping } from '../../../shared/ipc/fixes';
import type { IpcError } from '../../../shared/ipc/envelope';

/** A request of the Fix step that failed: its English, and its message id where it has one (shown in the app's language). */
export type FixStepError = Pick<IpcError, 'message' | 'text'>;

/** What one plan of the Fix step has been through: its last operation, progress and result. */
export interface PlanRun {
  operationId?: string;
  /** 'apply', 'rollback' or 'resume': what the running operation does. */
  action?: 'apply' | 'rollback' | 'resume';
  progress: FixProgress[];
  outcome?: FixOutcome;
  resumable?: boolean;
  verify?: { ok: boolean; detail: string; message?: Message };
  /** A fresh collection after the fix: whether the finding is still there. */
  recollect?: 'running' | 'gone' | 'still' | 'failed';
}

export interface FixStepState {
  /** loading: planning; ready: plans shown; failed: planning failed (message in `error`). */
  phase: 'idle' | 'planning' | 'ready' | 'failed';
  error?: FixStepError;
  fixId?: string;
  tokenKeeping?: TokenKeeping;
  plans: PlannedFix[];
  /** Per plan: the items the user deselected. */
  deselected: Record<string, string[]>;
  /** The plan whose confirm dialog is open (apply or rollback). */
  confirming?: { planId: string; action: 'apply' | 'rollback' };
  runs: Record<string, PlanRun>;
  /** A request in flight on a plan (select, verify), to disable its buttons. */
  busy?: string;
  /** Fixes applied earlier (also before a restart) that can still be rolled back. */
  stored: StoredRollback[];
  /** Why the kept rollbacks could not be listed or one of them opened. */
  storedError?: FixStepError;
}

export const initialFixState: FixStepState = { phase: 'idle', plans: [], deselected: {}, runs: {}, stored: [] };

export const useFixStep = create<FixStepState>()(() => initialFixState);
export const setFix = useFixStep.setState;
export const getFix = useFixStep.getState;

export function updateRun(planId: string, update: (run: PlanRun) => PlanRun): void {
  setFix((s) => ({ runs: { ...s.runs, [planId]: update(s.runs[planId] ?? { progress: [] }) } }));
}
