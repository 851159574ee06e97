import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folderReader } from '../../../electron/core/evidence/folder-reader';
import { WORKER_MIN_BYTES } from '../../../electron/core/diagnosis/scan/log-scans';
import { runCli } from '../../helpers/run-cli';

// `collect --files` scans large stored logs on worker threads (the byte pass) and matches their
// lines on the main thread; `analyze` of the bundle reads the same evidence from the zip, on
// one thread (--no-redact: the bundle is redacted already). Both must find exactly the same, on
// the corpus's logs grown past the size that goes to a worker.
const CASES = resolve(__dirname, '../../fixtures/cases');
const LOG_KINDS = new Set(['runner-log', 'job-log', 'systemctl-status']);
let dir: string;
let grown = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rd-worker-analysis-'));
  for (const name of readdirSync(CASES).sort()) {
    const evidence = join(CASES, name, 'evidence');
    const reader = await folderReader([evidence]);
    for (const entry of reader.entries()) {
      const text = await readFile(join(evidence, entry.path), 'utf8');
      // Logs repeated until they are large enough for a worker; the rest as they are.
      const copies = LOG_KINDS.has(entry.kind) && text.endsWith('\n') ? Math.ceil((WORKER_MIN_BYTES + 1) / Buffer.byteLength(text)) : 1;
      if (copies > 1) grown++;
      const target = join(dir, 'logs', name, entry.path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, text.repeat(copies));
    }
  }
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Doc = { findings: unknown[] };

describe('collect --files with the analysis scan on worker threads', () => {
  it('finds what a one-thread analysis of its own bundle finds', async () => {
    expect(grown).toBeGreaterThan(30);
    const bundle = join(dir, 'bundle.zip');
    const collected = await runCli(['collect', '--files', join(dir, 'logs'), '--out', bundle, '--json'], { timeoutMs: 240_000 });
    expect(collected.stderr).toBe('');
    const fromWorkers = JSON.parse(collected.stdout) as Doc;
    const analysed = await runCli(['analyze', bundle, '--json', '--no-redact'], { timeoutMs: 240_000 });
    const oneThread = JSON.parse(analysed.stdout) as Doc;
    expect(fromWorkers.findings.length).toBeGreaterThan(40);
    expect(fromWorkers.findings).toEqual(oneThread.findings);
  }, 300_000);
});
