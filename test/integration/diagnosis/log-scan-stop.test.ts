import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyFacts } from '../../../electron/core/diagnosis/facts';
import { useLogScanWorkers } from '../../../electron/core/diagnosis/scan/log-scan-module';
import { scanLogInWorker } from '../../../electron/core/diagnosis/scan/log-scan-pool';
import { activeSignatures, hintSet, prepareSignatures } from '../../../electron/core/diagnosis/scan/scan-log';
import { closeScanPool, scanPool } from '../../../electron/core/evidence/redact/scan-pool';

// A byte pass no longer wanted (the analysis needs other signatures, or stops) is asked to stop
// at its next chunk: its thread is kept for the next scan, not ended and started again.
const WORKER = pathToFileURL(resolve(__dirname, '../../../out/cli/log-scan-worker.js')).href;
let dir: string;
let log: string;

beforeAll(async () => {
  useLogScanWorkers(WORKER);
  dir = await mkdtemp(join(tmpdir(), 'log-scan-stop-'));
  log = join(dir, 'runner.log');
  await writeFile(log, 'WARNING: Checking for jobs... forbidden  runner=abc\n'.repeat(400_000));
});
afterAll(async () => {
  await closeScanPool();
  await rm(dir, { recursive: true, force: true });
});

async function drain(messages: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of messages);
}

const task = () => ({ ...hintSet(prepareSignatures(activeSignatures(emptyFacts()))), path: log, file: 'runner.log' });

describe('a log scan on a worker thread', () => {
  it('stops when asked, keeping its thread, and the next scan runs to its end', async () => {
    const first = scanLogInWorker(task());
    first.stop();
    // Its worker ends the scan at its next chunk: what it reads says so, and nothing more comes.
    await expect(drain(first.messages)).rejects.toThrow('log scan worker failed: log scan stopped');
    const pool = await scanPool();
    const threads = pool.threads.map((t) => t.threadId);
    expect(threads.length).toBeGreaterThan(0);
    const second = scanLogInWorker(task());
    let lines = 0;
    let end: number | undefined;
    for await (const message of second.messages) {
      if ('batch' in message) lines += message.batch.lines.length > 0 ? 1 : 0;
      else end = message.done.lines;
    }
    expect(end).toBe(400_000);
    expect(lines).toBeGreaterThan(0);
    expect(pool.threads.map((t) => t.threadId)).toEqual(expect.arrayContaining(threads));
  });
});
