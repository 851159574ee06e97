import { PassThrough, Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { Tee } from '../../../electron/core/evidence/tee';

/** A sink that keeps what it is given, slowly (each chunk a turn of the event loop later). */
function slowSink(): { sink: Writable; got: Buffer[] } {
  const got: Buffer[] = [];
  const sink = new Writable({
    highWaterMark: 1,
    write(chunk: Buffer, _enc, done) {
      got.push(chunk);
      setImmediate(done);
    },
  });
  return { sink, got };
}

const chunks = Array.from({ length: 50 }, (_, i) => Buffer.from(`chunk ${i}\n`));

describe('Tee', () => {
  it('passes every chunk on and to each sink, in order, and ends the sinks', async () => {
    const a = slowSink();
    const b = slowSink();
    const out: Buffer[] = [];
    await pipeline(Readable.from(chunks), new Tee([a.sink, b.sink]), new Writable({ write: (c: Buffer, _e, done) => (out.push(c), done()) }));
    for (const got of [out, a.got, b.got]) expect(Buffer.concat(got).toString()).toBe(Buffer.concat(chunks).toString());
    expect(a.sink.writableFinished && b.sink.writableFinished).toBe(true);
  });

  it('fails with a sink that fails, and stops the other sinks', async () => {
    const ok = slowSink();
    const failing = new Writable({ write: (_c, _e, done) => done(new Error('disk full')) });
    await expect(pipeline(Readable.from(chunks), new Tee([ok.sink, failing]), new PassThrough().resume())).rejects.toThrow('disk full');
    expect(ok.sink.destroyed).toBe(true);
  });

  it('stops its sinks when what it copies fails', async () => {
    const ok = slowSink();
    const source = new Readable({ read() {} });
    source.push(chunks[0]);
    setImmediate(() => source.destroy(new Error('read failed')));
    await expect(pipeline(source, new Tee([ok.sink]), new PassThrough().resume())).rejects.toThrow('read failed');
    expect(ok.sink.destroyed).toBe(true);
    expect(ok.sink.writableFinished).toBe(false);
  });
});
