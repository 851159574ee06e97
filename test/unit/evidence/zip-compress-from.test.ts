import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZipOutput } from '../../../electron/core/evidence/bundle/zip-output';
import { ZipReader } from '../../../electron/core/evidence/bundle/zip-reader';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rd-compress-from-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('ZipOutput.compressFrom', () => {
  it('calls each write back only once the chunk is read: the writer may then use its memory again', async () => {
    const target = join(dir, 'out.zip');
    const zip = new ZipOutput(target);
    const sink = zip.compressFrom('evidence/a.log');
    const expected: Buffer[] = [];
    for (let i = 0; i < 64; i++) {
      const chunk = Buffer.from(`line ${i} of a log that is compressed as it is stored\n`.repeat(2000));
      expected.push(Buffer.from(chunk));
      // The store gives the chunk back to its pool when called back, and it is overwritten.
      await new Promise<void>((resolve, reject) => sink.write(chunk, (err) => (err ? reject(err) : (chunk.fill(0x58), resolve()))));
    }
    await new Promise<void>((resolve) => sink.end(resolve));
    zip.addStream('evidence/a.log', () => {
      throw new Error('compressed anew instead of from its stored bytes');
    });
    await zip.finish();
    const reader = await ZipReader.open(target);
    try {
      const got = await buffer(await reader.openStream('evidence/a.log'));
      expect(got.equals(Buffer.concat(expected))).toBe(true);
    } finally {
      reader.close();
    }
  });
});
