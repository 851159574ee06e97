import { randomUUID } from 'node:crypto';
import { PROMPT_TIMEOUT_MS, type PromptRequest } from '../../../shared/ipc/prompts';
import type { HandlerContext } from './handler-types';

/** A prompt as a handler describes it; the broker adds its id and expiry. */
export type PromptDetails = PromptRequest extends infer P ? (P extends unknown ? Omit<P, 'promptId' | 'expiresAt'> : never) : never;

type Settle = (accept: boolean, reason: 'answered' | 'timeout' | 'cancelled') => void;

/**
 * Questions only the user can answer, asked in the window that started the work: a
 * `prompt.request` event goes out, `prompt.answer` settles it. Whatever is not a clear yes is a
 * no: no answer within the time limit, a cancelled operation, a closed app.
 */
export class PromptBroker {
  private readonly pending = new Map<string, Settle>();

  constructor(private readonly timeoutMs = PROMPT_TIMEOUT_MS) {}

  ask(ctx: HandlerContext, details: PromptDetails, signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted) return Promise.resolve(false);
    const promptId = randomUUID();
    const expiresAt = new Date(Date.now() + this.timeoutMs).toISOString();
    return new Promise<boolean>((resolve) => {
      const settle: Settle = (accept, reason) => {
        if (!this.pending.delete(promptId)) return;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        ctx.emit('prompt.closed', { promptId, reason });
        resolve(accept);
      };
      const onAbort = () => settle(false, 'cancelled');
      const timer = setTimeout(() => settle(false, 'timeout'), this.timeoutMs);
      timer.unref?.();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(promptId, settle);
      ctx.emit('prompt.request', { ...details, promptId, expiresAt } as PromptRequest);
    });
  }

  /** False when the prompt is unknown or already settled (timed out, answered elsewhere). */
  answer(promptId: string, accept: boolean): boolean {
    const settle = this.pending.get(promptId);
    if (!settle) return false;
    settle(accept, 'answered');
    return true;
  }

  /** Every open prompt becomes a no (the app is closing). */
  cancelAll(): void {
    for (const settle of [...this.pending.values()]) settle(false, 'cancelled');
  }

  get size(): number {
    return this.pending.size;
  }
}
