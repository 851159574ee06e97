import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { CancelledError } from './abort';

/** How long a pipe given by name may wait for its writer before it is given up. */
export const PIPE_WRITER_WAIT_MS = 10_000;

/** A path the user gave that cannot be read as asked; worded for the user (one line). */
export class NotReadableError extends Error {
  override name = 'NotReadableError';
}

/**
 * Opens a pipe or device given by name for reading. Opening a FIFO blocks until something
 * opens it for writing, so a FIFO nobody writes to would hang the caller (and hold a thread
 * for good): the open races a timeout and the signal, and when it loses, the pending open is
 * released by opening the write end for an instant (it then reads end-of-file and is closed).
 */
export async function openForReading(path: string, opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<FileHandle> {
  const ms = opts.timeoutMs ?? PIPE_WRITER_WAIT_MS;
  const opening = open(path, 'r');
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const lost = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new NotReadableError(`${path}: nothing wrote to this pipe within ${Math.round(ms / 1000)} s; start the command that writes it first, or save its output to a file`)),
      ms,
    );
    onAbort = () => reject(new CancelledError());
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([opening, lost]);
  } catch (err) {
    await release(path, opening);
    throw err;
  } finally {
    clearTimeout(timer);
    if (onAbort) opts.signal?.removeEventListener('abort', onAbort);
  }
}

async function release(path: string, opening: Promise<FileHandle>): Promise<void> {
  const writer = await open(path, constants.O_WRONLY | constants.O_NONBLOCK).catch(() => undefined);
  if (!writer) {
    // Not blocked (it failed, or has not started yet): close whatever it opens one day.
    void opening.then((h) => h.close(), () => undefined);
    return;
  }
  const handle = await opening.catch(() => undefined);
  await writer.close();
  await handle?.close();
}
