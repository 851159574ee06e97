import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline, type Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { letFreeChunksGo, takeChunk } from '../../../electron/core/evidence/chunk-pool';
import { PooledFileStream } from '../../../electron/core/evidence/pooled-file-stream';
import { READ_CHUNK_BYTES } from '../../../electron/core/evidence/reader';
import { journalBytesDecoder } from '../../../electron/core/diagnosis/scan/journal-bytes';
import { scanLog } from '../../../electron/core/diagnosis/scan/scan-log';
import { emptyFacts } from '../../../electron/core/diagnosis/facts';

// A large log is read a megabyte at a time from the chunk pool; once scanned, each chunk goes
// back to the pool for the next read instead of a fresh megabyte per read for the garbage
// collector, also through the journal decoder a journal's text passes (analyze.ts).
let dir: string;
let log: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rd-log-chunks-'));
  log = join(dir, 'journal.txt');
  const line = (i: number) => `Nov 12 10:11:12 runner-host gitlab-runner[1234]: Checking for jobs... received  job=${i} repo_url=https://gitlab.example.com/a/b.git runner=abc\n`;
  await writeFile(log, Array.from({ length: 40_000 }, (_, i) => line(i)).join(''));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A file stream that notes the memory of every chunk it reads into. */
class NotedFileStream extends PooledFileStream {
  readonly memory = new Set<ArrayBufferLike>();
  override push(chunk: unknown): boolean {
    if (chunk instanceof Buffer) this.memory.add(chunk.buffer);
    return super.push(chunk);
  }
}

describe('reading a log for its scan', () => {
  for (const [name, through] of [
    ['a log', false],
    ['a journal, through its decoder', true],
  ] as const) {
    it(`gives the chunks of ${name} back to the chunk pool once scanned`, async () => {
      letFreeChunksGo();
      const file = new NotedFileStream(log);
      const stream: Readable = through ? pipeline(file, journalBytesDecoder(), () => undefined) : file;
      const facts = emptyFacts();
      await scanLog('journal.txt', stream, facts);
      expect(file.memory.size).toBeGreaterThan(3);
      expect(facts.logSpans.get('journal.txt')?.lines).toBe(40_000);
      // The next read takes memory the scan gave back.
      const next = takeChunk(READ_CHUNK_BYTES);
      expect(file.memory.has(next.buffer)).toBe(true);
    });
  }
});
