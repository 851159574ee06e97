import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleSession } from '../../../electron/core/app/pipeline';
import { folderReader } from '../../../electron/core/evidence/folder-reader';
import { runCli } from '../../helpers/run-cli';

// A named pipe (mkfifo) that nothing ever opens for writing: opening it blocks forever.
let dir: string;
let fifo: string;
const noTrace = (s: string) => expect(s).not.toMatch(/\n\s+at |internal error/);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rd-fifo-'));
  fifo = join(dir, 'logs.fifo');
  execFileSync('mkfifo', [fifo]);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a pipe nobody writes to', () => {
  it('analyze gives up after the wait with one line and exit 2, and the process ends', async () => {
    const started = Date.now();
    const r = await runCli(['analyze', fifo], { timeoutMs: 30_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^runner-doctor: .*logs\.fifo: nothing wrote to this pipe within 10 s; start the command that writes it first/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    noTrace(r.stderr);
    expect(Date.now() - started).toBeLessThan(25_000);
  }, 40_000);

  it('collect --files records the source as failed with the same line and still writes the bundle', async () => {
    const out = join(dir, 'b.zip');
    const r = await runCli(['collect', '--files', fifo, '--out', out, '--json'], { timeoutMs: 30_000 });
    noTrace(r.stderr);
    const doc = JSON.parse(r.stdout) as { errors: { message: string }[] };
    expect(doc.errors.map((e) => e.message).join('\n')).toMatch(/nothing wrote to this pipe within 10 s/);
  }, 40_000);

  it('the reader honours its wait and the cancel signal; a writer that comes in time is read', async () => {
    await expect(folderReader([fifo], 'files', { pipeWaitMs: 300 })).rejects.toThrow(/nothing wrote to this pipe/);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await expect(folderReader([fifo], 'files', { signal: controller.signal })).rejects.toMatchObject({ name: 'CancelledError' });
    const writer = spawn('sh', ['-c', 'sleep 0.3; printf "Checking for jobs... ok\\n" > "$0"', fifo]);
    const reader = await folderReader([fifo], 'files', { pipeWaitMs: 5_000 });
    writer.kill();
    const chunks: Buffer[] = [];
    for await (const c of reader.open(reader.entries()[0]!.path)) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('Checking for jobs... ok\n');
  });

  it('bundle.open refuses it at once instead of waiting', async () => {
    const started = Date.now();
    await expect(bundleSession(fifo)).rejects.toThrow(/not a regular file/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
