import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParallelDeflate } from '../../../electron/core/evidence/bundle/parallel-deflate';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parallel-deflate-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let n = 0;
async function compress(chunks: Buffer[]): Promise<{ data: Buffer; crc32: number; size: number }> {
  const file = join(dir, String(n++));
  const deflate = new ParallelDeflate(createWriteStream(file), 1);
  await pipeline(Readable.from(chunks), deflate);
  return { data: await readFile(file), crc32: deflate.crc32, size: deflate.size };
}

/** Runner-log-like text: repeats within and across chunks, so back-references cross the cuts. */
function logText(lines: number, seed: number): Buffer {
  let out = '';
  for (let i = 0; i < lines; i++) out += `2025-03-04T10:${String(i % 60).padStart(2, '0')}:00Z Checking for jobs... received job=${(i * seed) % 9973} runner=t1_Xk2P9\n`;
  return Buffer.from(out);
}

describe('ParallelDeflate', () => {
  it('writes one raw deflate stream that inflates to the input, with its CRC-32 and size, however it is cut', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 60_000 }), fc.integer({ min: 1, max: 99 }), fc.array(fc.integer({ min: 1, max: 3_000_000 }), { maxLength: 6 }), async (lines, seed, cuts) => {
        const input = logText(lines, seed);
        const chunks: Buffer[] = [];
        let at = 0;
        for (const cut of cuts) {
          if (at >= input.length) break;
          chunks.push(input.subarray(at, Math.min(input.length, at + cut)));
          at += cut;
        }
        if (at < input.length) chunks.push(input.subarray(at));
        const { data, crc32: crc, size } = await compress(chunks);
        expect(inflateRawSync(data).equals(input)).toBe(true);
        expect(crc).toBe(crc32(input));
        expect(size).toBe(input.length);
      }),
      { numRuns: 25 },
    );
  });

  it('is about as small as one thread compressing the same log', async () => {
    const input = logText(200_000, 7);
    const one = deflateRawSync(input, { level: 1 }).length;
    const { data } = await compress([input.subarray(0, 5_000_000), input.subarray(5_000_000)]);
    expect(data.length).toBeLessThan(one * 1.01);
  });

  it('fails when its file cannot be written, and stops', async () => {
    const deflate = new ParallelDeflate(createWriteStream(join(dir, 'missing', 'x')), 1);
    await expect(pipeline(Readable.from([logText(100, 3)]), deflate)).rejects.toThrow(/ENOENT/);
    expect(deflate.destroyed).toBe(true);
  });

  it('stops its file when what it compresses fails', async () => {
    const out = new PassThrough();
    const deflate = new ParallelDeflate(out, 1);
    const source = new Readable({ read() {} });
    source.push(logText(100, 3));
    setImmediate(() => source.destroy(new Error('read failed')));
    await expect(pipeline(source, deflate)).rejects.toThrow('read failed');
    expect(out.destroyed).toBe(true);
  });
});
