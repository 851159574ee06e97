/** Error raised when the user cancels; callers tell it apart from failures by `name`. */
export class CancelledError extends Error {
  override name = 'CancelledError';
  constructor(message = 'Cancelled') {
    super(message);
  }
}

export function isCancelled(err: unknown): boolean {
  return err instanceof Error && (err.name === 'CancelledError' || err.name === 'AbortError');
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}

/** A signal that fires on the caller's cancel or after `ms`, whichever comes first. */
export function withTimeout(signal: AbortSignal | undefined, ms: number): AbortSignal {
  const timeout = AbortSignal.timeout(ms);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

/** Message for an error of unknown shape, for users. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
