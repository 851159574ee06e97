import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { releaseChunk } from './chunk-pool';

/**
 * Where a stored file's bytes end: each chunk is written to every sink (the file, and the
 * streams that follow the store, such as a bundle compressing it), a few chunks ahead of the
 * slowest. A chunk is given back to the chunk pool once every sink is done with it, which is
 * why a sink must call back only once it has read a chunk, not when it queued it.
 * A sink that fails fails the stream; a stream that fails or is stopped stops its sinks.
 */
export class FanOut extends Writable {
  private inFlight = 0;
  /** The write waiting for a chunk in flight to be done before it is taken. */
  private waiting: (() => void) | undefined;
  private drained: (() => void) | undefined;

  constructor(
    private readonly sinks: readonly Writable[],
    /** Chunks every sink may still be reading while the next are taken. */
    private readonly ahead = 4,
  ) {
    super();
    // A sink's failure is this stream's, whenever it comes.
    for (const sink of sinks) sink.on('error', (err) => this.destroy(err));
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (error?: Error | null) => void): void {
    let left = this.sinks.length;
    let failure: Error | undefined;
    this.inFlight++;
    const settle = () => {
      this.inFlight--;
      if (failure) return this.destroy(failure);
      releaseChunk(chunk);
      const waiting = this.waiting;
      this.waiting = undefined;
      waiting?.();
      if (this.inFlight === 0) this.drained?.();
    };
    if (left === 0) settle();
    for (const sink of this.sinks) {
      sink.write(chunk, (err) => {
        failure ??= err ?? undefined;
        if (--left === 0) settle();
      });
    }
    if (this.inFlight < this.ahead) done();
    else this.waiting = () => done();
  }

  override _final(done: (error?: Error | null) => void): void {
    const allRead = this.inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => (this.drained = resolve));
    allRead
      .then(() => Promise.all(this.sinks.map((sink) => (sink.end(), finished(sink)))))
      .then(() => done(), done);
  }

  override _destroy(err: Error | null, done: (error?: Error | null) => void): void {
    for (const sink of this.sinks) if (!sink.writableFinished) sink.destroy(err ?? new Error('the stream the copy came from stopped'));
    this.waiting = undefined;
    done(err);
  }
}
