import { MessageChannel } from 'node:worker_threads';
import { runInScanPool } from '../../evidence/redact/scan-pool';
import { logScanWorkerModule } from './log-scan-module';
import { STOP_SCAN, type LogScanMessage, type LogScanTask } from './log-scan-task';

/** Logs whose byte pass ran to its end on a worker thread, and their lines. */
const stats = { logs: 0, lines: 0 };

/**
 * What the worker threads have scanned in this process so far: the diagnostic that shows a
 * build registered its worker module (tests and build/bench read it from the browser-mode host).
 */
export function logScanWorkerStats(): { logs: number; lines: number } {
  return { ...stats };
}

/** The byte pass of one log on a worker thread. */
export interface LogScan {
  /** Its messages, in order, as they come; read once. */
  messages: AsyncIterable<LogScanMessage>;
  /** Stops it (a scan not wanted any more). */
  stop(): void;
}

export function scanLogInWorker(task: LogScanTask, signal?: AbortSignal): LogScan {
  const filename = logScanWorkerModule();
  if (!filename) throw new Error('log scans have no worker module');
  const { port1, port2 } = new MessageChannel();
  const queue = new MessageQueue();
  port1.on('message', (message: LogScanMessage) => queue.push(message));
  // A scan cancelled before it is read: its port must not hold the process open.
  signal?.addEventListener('abort', () => port1.close(), { once: true });
  // Cancelling (the user's signal) ends the worker thread at once; a scan only not wanted any
  // more is asked to stop instead, which keeps the thread for the next one.
  // The task's result and the port's messages travel apart: the last message, `done`, ends it;
  // the task itself only reports a failure.
  runInScanPool({ ...task, port: port2 }, { filename, transferList: [port2], ...(signal ? { signal } : {}) }).catch((err: unknown) =>
    queue.fail(new Error(`log scan worker failed: ${err instanceof Error ? err.message : String(err)}`)),
  );
  const stop = () => {
    queue.drop();
    port1.postMessage(STOP_SCAN);
  };
  return { messages: queue.drain(() => port1.close()), stop };
}

/** Messages from a port, read in order by one reader, up to `done` or a failure. */
class MessageQueue {
  private readonly items: LogScanMessage[] = [];
  private ended = false;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;

  private dropped = false;

  push(message: LogScanMessage): void {
    if (this.dropped) return;
    this.items.push(message);
    if ('done' in message) {
      this.ended = true;
      stats.logs++;
      stats.lines += message.done.lines;
    }
    this.wake?.();
  }

  /** Not to be read: what came and what comes is let go. */
  drop(): void {
    this.dropped = true;
    this.items.length = 0;
  }

  fail(err: Error): void {
    this.failure ??= err;
    this.wake?.();
  }

  async *drain(close: () => void): AsyncGenerator<LogScanMessage> {
    try {
      for (;;) {
        const next = this.items.shift();
        if (next) {
          yield next;
          continue;
        }
        if (this.ended) return;
        if (this.failure) throw this.failure;
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
      }
    } finally {
      close();
    }
  }
}
