import type { RunnerDoctorApi } from '../../shared/ipc/api';
import { api } from './client';
import { setState, showError } from './store';

/** Questions from the main process queue up; the dialog shows the oldest one. */
export function listenForPrompts(instance: RunnerDoctorApi): void {
  instance.on('prompt.request', (prompt) =>
    setState((s) => ({ prompts: [...s.prompts.filter((p) => p.promptId !== prompt.promptId), prompt] })),
  );
  // Timed out, cancelled or answered: the question is gone either way.
  instance.on('prompt.closed', ({ promptId }) => dropPrompt(promptId));
}

function dropPrompt(promptId: string): void {
  setState((s) => ({ prompts: s.prompts.filter((p) => p.promptId !== promptId) }));
}

export async function answerPrompt(promptId: string, accept: boolean): Promise<void> {
  dropPrompt(promptId);
  const result = await api().invoke('prompt.answer', { promptId, accept });
  if (!result.ok) showError(result.error);
}
