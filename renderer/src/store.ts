import { create } from 'zustand';
import type { DemoLabInfo, SessionSummary } from '../../shared/ipc/channels';
import type { IpcError } from '../../shared/ipc/envelope';
import type { EventPayload } from '../../shared/ipc/events';
import type { PromptRequest } from '../../shared/ipc/prompts';
import type { ConnectionState } from './api';

export const STEPS = ['welcome', 'targets', 'collect', 'findings', 'export'] as const;
export type Step = (typeof STEPS)[number];

export type SourceProgress = EventPayload<'operation.progress'>;
export type OperationFinished = EventPayload<'operation.finished'>;
export type TargetKey = 'kube' | 'ssh' | 'gitlab';
export type ExportResult = { saved: boolean; path?: string; bytes?: number; sha256?: string };

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
  /** Progress per operation, then per source. Events may arrive before collect.start answers. */
  progress: Record<string, Record<string, SourceProgress>>;
  finished: Record<string, OperationFinished>;
  session?: SessionSummary;
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
  finished: {},
  prompts: [],
};

export const useStore = create<AppState>()(() => initialState);

export const setState = useStore.setState;
export const getState = useStore.getState;

export function recordProgress(p: SourceProgress): void {
  setState((s) => ({
    progress: { ...s.progress, [p.operationId]: { ...s.progress[p.operationId], [p.source]: p } },
  }));
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
