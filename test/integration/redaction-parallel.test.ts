import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedactStream } from '../../electron/core/evidence/redact/redact-stream';
import { Redactor } from '../../electron/core/evidence/redact/redactor';
import { closeScanPool, scanSharedInWorker, takeShared } from '../../electron/core/evidence/redact/scan-pool';
import { releaseChunk, takeChunk } from '../../electron/core/evidence/chunk-pool';
import type { HintSpec } from '../../electron/core/evidence/redact/hint-scan';
import { EvidenceStore, RedactionOrder } from '../../electron/core/evidence/store';
import { FUZZ_RUNS, FUZZ_SEED, corpusCarriers, fuzzPlan, plantedFile, type Carrier } from '../helpers/redaction-fuzz-plan';

/**
 * Redaction with the scan on worker threads gives the same bytes as redaction on one thread:
 * same placeholders, same numbering across files, same secrets remembered from one file for
 * the next, whatever the chunking of the input.
 */
let carriers: Carrier[] = [];
let dir: string;

beforeAll(async () => {
  carriers = await corpusCarriers();
  dir = await mkdtemp(join(tmpdir(), 'rd-parallel-'));
});
afterAll(async () => {
  await closeScanPool();
  await rm(dir, { recursive: true, force: true });
});

function chunks(text: string, size: number): Buffer[] {
  const bytes = Buffer.from(text);
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) out.push(bytes.subarray(at, at + size));
  return out;
}

/** The same chunks, each in a chunk of the pool (as a file is read for the store), given back by redaction. */
function* pooledChunks(text: string, size: number): Generator<Buffer> {
  for (const part of chunks(text, size)) {
    const chunk = takeChunk(part.length);
    part.copy(chunk);
    yield chunk;
  }
}

async function redactFiles(texts: readonly string[], chunkSize: number, workers: boolean, opts: { pooled?: boolean } = {}): Promise<{ outputs: string[]; summary: object }> {
  const redactor = new Redactor();
  const outputs: string[] = [];
  for (const text of texts) {
    const parts: Buffer[] = [];
    const sink = new Writable({
      write(c: Buffer, _e, cb) {
        // Kept as a copy and given back, as the store's last stage does once its sinks read it.
        parts.push(Buffer.from(c));
        releaseChunk(c);
        cb();
      },
    });
    const input = opts.pooled ? pooledChunks(text, chunkSize) : chunks(text, chunkSize);
    // Every stretch goes to a worker, however small: the corpus files are.
    await pipeline(Readable.from(input), new RedactStream(redactor, workers ? { workers: true, workerMinBytes: 0 } : {}), sink);
    outputs.push(Buffer.concat(parts).toString('latin1'));
  }
  return { outputs, summary: redactor.summary() };
}

describe('redaction on worker threads', () => {
  it('redacts the whole corpus, as one bundle, byte for byte as on one thread', async () => {
    const texts = carriers.map((c) => c.text);
    for (const size of [1 << 20, 4096, 97]) {
      const single = await redactFiles(texts, size, false);
      const parallel = await redactFiles(texts, size, true);
      expect(parallel.summary).toEqual(single.summary);
      parallel.outputs.forEach((out, i) => expect(out, `${carriers[i]?.path} in chunks of ${size}`).toBe(single.outputs[i]));
    }
  }, 300_000);

  it("reads from and writes to the chunk pool, reusing its chunks, and still redacts byte for byte as on one thread", async () => {
    // Several MiB per file, so that chunks are given back and taken again while stretches of
    // the same file wait for their redaction: a chunk reused too early would change the output.
    const corpus = carriers.map((c) => c.text).join('');
    const big = corpus.repeat(Math.ceil((3 << 20) / corpus.length));
    const texts = [big, big.split('\n').reverse().join('\n'), corpus];
    for (const size of [64 * 1024, 200_000, 1 << 20]) {
      const single = await redactFiles(texts, size, false);
      const pooled = await redactFiles(texts, size, true, { pooled: true });
      expect(pooled.summary).toEqual(single.summary);
      pooled.outputs.forEach((out, i) => expect(out === single.outputs[i], `file ${i} in pooled chunks of ${size}`).toBe(true));
    }
  }, 300_000);

  it(`redacts the fuzz set (seed ${FUZZ_SEED}) byte for byte as on one thread`, async () => {
    await fc.assert(
      fc.asyncProperty(fuzzPlan, fc.integer({ min: 1, max: 5000 }), async (plants, chunkSize) => {
        const texts = plants.map((p, i) => plantedFile(carriers, p, i).text);
        const single = await redactFiles(texts, chunkSize, false);
        const parallel = await redactFiles(texts, chunkSize, true);
        expect(parallel.summary).toEqual(single.summary);
        expect(parallel.outputs).toEqual(single.outputs);
      }),
      { numRuns: FUZZ_RUNS * 4, seed: FUZZ_SEED },
    );
  }, 600_000);

  it('numbers placeholders once for all files, and finds a secret from one file bare in the next', async () => {
    const a = 'password: Xy7pQ2mZ9rLk4Tb8\ntoken = "glpat-AbCdEfGhIjKlMnOpQrSt"\n';
    // Bare recurrences are looked for on the lines the rules read (here through `data`).
    const b = 'sent data with Xy7pQ2mZ9rLk4Tb8 again\nother glpat-ZyXwVuTsRqPoNmLkJiHg\nagain glpat-AbCdEfGhIjKlMnOpQrSt\n';
    const { outputs } = await redactFiles([a, b], 7, true);
    expect(outputs).toEqual((await redactFiles([a, b], 7, false)).outputs);
    expect(outputs[0]).toBe('password: "[REDACTED password #1]"\ntoken = "[REDACTED gitlab-personal-token #1]"\n');
    expect(outputs[1]).toBe('sent data with [REDACTED password #1] again\nother [REDACTED gitlab-personal-token #2]\nagain [REDACTED gitlab-personal-token #1]\n');
  });

  it('stores files at once with their redaction in the order they were added', async () => {
    const store = await EvidenceStore.create();
    try {
      const order = new RedactionOrder();
      // The first file comes slowly; the second is there at once, and would be redacted first.
      const first = new Readable({ read() {} });
      const filler = '2025-03-04T10:00:00Z Checking for jobs... received job=1 runner=t1_Xk2P9\n'.repeat(2000);
      const a = store.add({ path: 'files/a.log', source: 'files:test', content: first, order });
      const b = store.add({ path: 'files/b.log', source: 'files:test', content: `${filler}token = "glpat-ZyXwVuTsRqPoNmLkJiHg"\n${filler}`, order });
      setTimeout(() => {
        first.push(`${filler}token = "glpat-AbCdEfGhIjKlMnOpQrSt"\n`);
        first.push(null);
      }, 200);
      await Promise.all([a, b]);
      const read = async (path: string) => (await readFile(store.localFile(path).path, 'latin1')).split('\n').find((l) => l.startsWith('token'));
      expect(await read('evidence/files/a.log')).toBe('token = "[REDACTED gitlab-personal-token #1]"');
      expect(await read('evidence/files/b.log')).toBe('token = "[REDACTED gitlab-personal-token #2]"');
    } finally {
      await store.dispose();
    }
  });

  it('a failing worker is one line naming redaction', async () => {
    const bytes = Buffer.from('token = x\n');
    const shared = takeShared(bytes.length);
    bytes.copy(Buffer.from(shared, 0, bytes.length));
    const err = await scanSharedInWorker(shared, bytes.length, { words: 42 } as unknown as HintSpec).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/^redaction worker failed: .*not iterable/);
    expect((err as Error).message).not.toContain('\n');
  });

  it('a cancelled collection stops and leaves no file behind', async () => {
    const store = await EvidenceStore.create();
    try {
      const controller = new AbortController();
      const line = Buffer.from('2025-03-04T10:00:00Z Checking for jobs... received job=1 runner=t1_Xk2P9\n'.repeat(4000));
      let sent = 0;
      const content = new Readable({
        read() {
          if (++sent === 20) controller.abort();
          this.push(sent > 200 ? null : line);
        },
      });
      await expect(store.add({ path: 'files/big.log', source: 'files:test', content, signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
      expect(store.files()).toEqual([]);
      expect(await readdir(join(store.root, 'evidence', 'files')).catch(() => [])).toEqual([]);
    } finally {
      await store.dispose();
    }
  });
});
