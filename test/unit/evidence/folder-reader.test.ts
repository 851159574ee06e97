import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folderReader } from '../../../electron/core/evidence/folder-reader';
import { readSmall } from '../../../electron/core/evidence/reader';

const KINDS = [
  ['runner.log', 'Checking for jobs... received  job=1 runner=abc\n', 'runner-log'],
  ['config.toml', 'concurrent = 1\n[[runners]]\n  name = "a"\n', 'config-toml'],
  ['job.log.gz', 'Running with gitlab-runner 17.9.1 (c9ca1b2e)\n', 'job-log'],
  ['notes.txt', 'nothing to see\n', 'unknown'],
] as const;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'folder-reader-'));
  // More files than are read at once, of every kind in turn.
  for (let i = 0; i < 21; i++) {
    const [name, text] = KINDS[i % KINDS.length]!;
    await writeFile(join(dir, `${String(i).padStart(2, '0')}-${name}`), name.endsWith('.gz') ? gzipSync(text) : text);
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('folderReader', () => {
  it('lists a folder in name order with each file recognised by its (unpacked) content', async () => {
    const reader = await folderReader([dir], 'files', { unpack: true });
    const entries = reader.entries();
    expect(entries.map((e) => e.path)).toEqual(Array.from({ length: 21 }, (_, i) => `${String(i).padStart(2, '0')}-${KINDS[i % KINDS.length]![0]}`));
    expect(entries.map((e) => e.kind)).toEqual(Array.from({ length: 21 }, (_, i) => KINDS[i % KINDS.length]![2]));
    expect(await readSmall(reader.open('02-job.log.gz'), 1024)).toBe(KINDS[2][1]);
    expect(reader.skipped).toEqual([]);
  });
});
