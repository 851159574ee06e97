import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { crc32, gzipSync, inflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GzipMember } from '../../../electron/core/evidence/bundle/gzip-member';
import { cutAt } from '../../helpers/cut-at';

/** Feeds `pieces` through a GzipMember: its output, CRC-32 and size, or its failure. */
async function read(pieces: Buffer[]): Promise<{ data: Buffer; crc32: number; sizeMod32: number }> {
  const member = new GzipMember();
  const data = await buffer(Readable.from(pieces).pipe(member));
  return { data, crc32: member.crc32, sizeMod32: member.sizeMod32 };
}

describe('GzipMember', () => {
  it('gives the raw deflate data, CRC-32 and size of a gzip member, however zlib cuts its output', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 5000 }), fc.array(fc.nat(), { maxLength: 12 }), fc.constantFrom(1, 6), async (bytes, cuts, level) => {
        const input = Buffer.from(bytes);
        const gzip = gzipSync(input, { level });
        const pieces = cutAt(gzip, cuts).filter((p) => p.length > 0).map((p) => Buffer.from(p));
        const got = await read(pieces);
        expect(inflateRawSync(got.data).equals(input)).toBe(true);
        expect(got.crc32).toBe(crc32(input));
        expect(got.sizeMod32).toBe(input.length);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a member too short to hold its header and trailer, and a header with a name in it', async () => {
    const gzip = gzipSync(Buffer.from('some log line\n'));
    await expect(read([gzip.subarray(0, 6)])).rejects.toThrow('ended early');
    await expect(read([gzip.subarray(0, 10), gzip.subarray(10, 14)])).rejects.toThrow('ended early');
    const named = Buffer.from(gzip);
    named[3] = 0x08; // FNAME: a file name follows the header
    await expect(read([named])).rejects.toThrow('gzip header');
  });
});
