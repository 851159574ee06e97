import type { MessagePort } from 'node:worker_threads';
import { runLogScan, STOP_SCAN, type LogScanTask } from './log-scan-task';

/**
 * A worker thread's entry (log-scan-pool.ts): the byte pass of one log, its lines posted on
 * `port` as they are found. A build that runs log scans in workers ships this as a file.
 */
export default async function scanLogInWorker(task: LogScanTask & { port: MessagePort }): Promise<void> {
  const { port, ...scan } = task;
  const stop = new AbortController();
  port.on('message', (message) => {
    if (message === STOP_SCAN) stop.abort(new Error('log scan stopped'));
  });
  try {
    await runLogScan(scan, (message, transfer) => port.postMessage(message, transfer), stop.signal);
  } finally {
    port.close();
  }
}
