import { create } from 'zustand';
import type { RunnerTokenCheckResult, RunnerTokenView } from '../../shared/ipc/token-checks';
import { api } from './client';

/** The runner tokens a collection found and their checks against GitLab, for the session shown. */
export interface TokenCheckState {
  sessionId?: string;
  gitlabUrl?: string;
  tokens: RunnerTokenView[];
  /** Ids the user left unticked. */
  unticked: string[];
  /** The confirm dialog is open. */
  confirming: boolean;
  checking: boolean;
  results: Record<string, RunnerTokenCheckResult>;
  error?: string;
}

const initial: TokenCheckState = { tokens: [], unticked: [], confirming: false, checking: false, results: {} };
export const useTokenChecks = create<TokenCheckState>()(() => initial);
const set = useTokenChecks.setState;

/** The tokens of a collected session (none for a bundle, or without a GitLab target). */
export async function loadRunnerTokens(sessionId: string): Promise<void> {
  if (useTokenChecks.getState().sessionId === sessionId) return;
  set({ ...initial, sessionId });
  const r = await api().invoke('gitlab.runnerTokens', { sessionId });
  if (useTokenChecks.getState().sessionId !== sessionId) return;
  if (!r.ok) return set({ error: r.error.message });
  set({ tokens: r.value.tokens, ...(r.value.gitlabUrl ? { gitlabUrl: r.value.gitlabUrl } : {}) });
}

export function tickToken(id: string, ticked: boolean): void {
  set((s) => ({ unticked: ticked ? s.unticked.filter((u) => u !== id) : [...s.unticked, id] }));
}

export function openTokenCheck(): void {
  set({ confirming: true, error: undefined });
}

export function closeTokenCheck(): void {
  set({ confirming: false });
}

/** The dialog's yes: the only place POST /runners/verify is asked for. */
export async function checkTokens(): Promise<void> {
  const { sessionId, tokens, unticked } = useTokenChecks.getState();
  const ids = tokens.map((t) => t.id).filter((id) => !unticked.includes(id));
  if (!sessionId || !ids.length) return;
  set({ confirming: false, checking: true, error: undefined });
  const r = await api().invoke('gitlab.checkRunnerTokens', { sessionId, ids, confirm: true });
  if (!r.ok) return set({ checking: false, error: r.error.message });
  set((s) => ({ checking: false, results: { ...s.results, ...Object.fromEntries(r.value.results.map((x) => [x.id, x])) } }));
}
