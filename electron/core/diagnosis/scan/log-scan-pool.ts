import { MessageChannel } from 'node:worker_threads';
import { scanPool } from '../../evidence/redact/scan-pool';
import { logScanWorkerModule } from './log-scan-module';
import type { LogScanMessage, LogScanTask } from './log-scan-task';

/** The byte pass of one log on a worker thread: its messages, in order, as they come. */
export function scanLogInWorker(task: LogScanTask, signal?: AbortSignal): AsyncIterable<LogScanMessage> {
  const filename = logScanWorkerModule();
  if (!filename) throw new Error('log scans have no worker module');
  const { port1, port2 } = new MessageChannel();
  const queue = new MessageQueue();
  port1.on('message', (message: LogScanMessage) => queue.push(message));
  // A scan stopped before it is read: its port must not hold the process open.
  signal?.addEventListener('abort', () => port1.close(), { once: true });
  const run = scanPool().then((pool) => pool.run({ ...task, port: port2 }, { filename, transferList: [port2], ...(signal ? { signal } : {}) }));
  // The task's result and the port's messages travel apart: the last message, `done`, ends it.
  run.then(
    () => undefined,
    (err: unknown) => queue.fail(new Error(`log scan worker failed: ${err instanceof Error ? err.message : String(err)}`)),
  );
  return queue.drain(() => port1.close());
}

/** Messages from a port, read in order by one reader, up to `done` or a failure. */
class MessageQueue {
  private readonly items: LogScanMessage[] = [];
  private ended = false;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;

  push(message: LogScanMessage): void {
    this.items.push(message);
    if ('done' in message) this.ended = true;
    this.wake?.();
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
