import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { takeChunk } from '../../../electron/core/evidence/chunk-pool';
import { FanOut } from '../../../electron/core/evidence/fan-out';

/** A sink that keeps a copy of what it is given, slowly (each chunk a turn of the event loop later). */
function slowSink(): { sink: Writable; got: Buffer[] } {
  const got: Buffer[] = [];
  const sink = new Writable({
    highWaterMark: 1,
    write(chunk: Buffer, _enc, done) {
      setImmediate(() => {
        got.push(Buffer.from(chunk));
        done();
      });
    },
  });
  return { sink, got };
}

const chunks = Array.from({ length: 50 }, (_, i) => Buffer.from(`chunk ${i}\n`));

describe('FanOut', () => {
  it('writes every chunk to each sink, in order, and ends the sinks before it finishes', async () => {
    const a = slowSink();
    const b = slowSink();
    await pipeline(Readable.from(chunks), new FanOut([a.sink, b.sink]));
    for (const got of [a.got, b.got]) expect(Buffer.concat(got).toString()).toBe(Buffer.concat(chunks).toString());
    expect(a.sink.writableFinished && b.sink.writableFinished).toBe(true);
  });

  it("gives a pool's chunk back only once every sink has read it", async () => {
    // Each chunk is filled with its number; a chunk given back too early would be taken again
    // and overwritten while a slow sink has yet to read it.
    const sizes = 64 * 1024;
    const source = Readable.from(
      (function* () {
        for (let i = 0; i < 40; i++) yield takeChunk(sizes).fill(i);
      })(),
    );
    const fast = slowSink();
    const slower = new Writable({
      highWaterMark: 1,
      write(chunk: Buffer, _enc, done) {
        setTimeout(() => {
          got.push(chunk[0] === chunk[chunk.length - 1] ? (chunk[0] as number) : -1);
          done();
        }, 1);
      },
    });
    const got: number[] = [];
    await pipeline(source, new FanOut([fast.sink, slower], 4));
    expect(got).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(fast.got.map((c) => c[0])).toEqual(got);
  });

  it('fails with a sink that fails, and stops the other sinks', async () => {
    const ok = slowSink();
    const failing = new Writable({ write: (_c, _e, done) => done(new Error('disk full')) });
    await expect(pipeline(Readable.from(chunks), new FanOut([ok.sink, failing]))).rejects.toThrow('disk full');
    expect(ok.sink.destroyed).toBe(true);
  });

  it('stops its sinks when what it copies fails', async () => {
    const ok = slowSink();
    const source = new Readable({ read() {} });
    source.push(chunks[0]);
    setImmediate(() => source.destroy(new Error('read failed')));
    await expect(pipeline(source, new FanOut([ok.sink]))).rejects.toThrow('read failed');
    expect(ok.sink.destroyed).toBe(true);
    expect(ok.sink.writableFinished).toBe(false);
  });
});
