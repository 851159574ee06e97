import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { letFreeChunksGo, releaseChunk, takeChunk } from '../../../electron/core/evidence/chunk-pool';
import { PACKING_HEAD_BYTES, peek } from '../../../electron/core/evidence/unpack';

const MiB = 1 << 20;

async function drain(stream: Readable): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const chunk of stream) out.push(chunk as Buffer);
  return out;
}

describe('peek', () => {
  it('passes a first chunk that holds the head on as it is, so a chunk of the pool goes back to it once read', async () => {
    const first = takeChunk(MiB).fill(0x61);
    const second = Buffer.from('the rest\n');
    const { head, stream } = await peek(Readable.from([first, second]));

    expect(head).toBe(first);
    const read = await drain(stream);
    expect(read[0]).toBe(first);
    expect(Buffer.concat(read).toString('latin1')).toBe(`${'a'.repeat(MiB)}the rest\n`);

    // The stage that reads it last gives it back; the next file's read gets the same memory.
    const memory = first.buffer;
    releaseChunk(first);
    expect(takeChunk(MiB).buffer).toBe(memory);
    letFreeChunksGo();
  });

  it('gives the head and then every byte, in order, however the input is cut', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 700 }), { maxLength: 8 }), async (parts) => {
        const chunks = parts.map((p) => Buffer.from(p));
        const whole = Buffer.concat(chunks);
        const { head, stream } = await peek(Readable.from(chunks));
        // The chunks it takes to hold the bytes packingOf needs (all of them if the input is
        // shorter), and no more.
        let needed = 0;
        for (let i = 0; i < chunks.length && needed < PACKING_HEAD_BYTES; i++) needed += chunks[i]!.length;
        expect(head.length).toBe(needed);
        expect(head.length).toBeGreaterThanOrEqual(Math.min(PACKING_HEAD_BYTES, whole.length));
        expect(whole.subarray(0, head.length).equals(head)).toBe(true);
        expect(Buffer.concat(await drain(stream)).equals(whole)).toBe(true);
      }),
    );
  });
});
