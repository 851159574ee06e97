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

/**
 * `work`, or the signal's reason as soon as it fires: for calls that do not watch the signal at
 * every stage (undici ignores it while a TLS connection is being set up). A value that arrives
 * after is handed to `onLate` to be released.
 */
export function raceSignal<T>(work: Promise<T>, signal: AbortSignal, onLate: (value: T) => void = () => undefined): Promise<T> {
  if (signal.aborted) {
    void work.then(onLate, () => undefined);
    return Promise.reject(signal.reason as Error);
  }
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const abort = () => {
      done = true;
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', abort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', abort);
        if (done) onLate(value);
        else resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', abort);
        if (!done) reject(err as Error);
      },
    );
  });
}

/** Message for an error of unknown shape, for users. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
