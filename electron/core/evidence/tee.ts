import { Transform, type TransformCallback, type Writable } from 'node:stream';

/**
 * Passes its bytes on and writes each chunk to a few other streams too, at the pace of the
 * slowest: a chunk goes on only once every sink has taken it. A sink that fails fails the
 * stream; a stream that fails or is stopped stops its sinks.
 */
export class Tee extends Transform {
  constructor(private readonly sinks: readonly Writable[]) {
    super();
    // A sink's failure is this stream's, whenever it comes.
    for (const sink of sinks) sink.on('error', (err) => this.destroy(err));
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    let left = this.sinks.length;
    if (left === 0) return done(null, chunk);
    let failure: Error | undefined;
    for (const sink of this.sinks) {
      sink.write(chunk, (err) => {
        failure ??= err ?? undefined;
        if (--left === 0) done(failure ?? null, failure ? undefined : chunk);
      });
    }
  }

  override _flush(done: TransformCallback): void {
    const ends = this.sinks.map((sink) => new Promise<void>((resolve, reject) => sink.end((err?: Error | null) => (err ? reject(err) : resolve()))));
    Promise.all(ends).then(() => done(), done);
  }

  override _destroy(err: Error | null, done: (error?: Error | null) => void): void {
    for (const sink of this.sinks) if (!sink.writableFinished) sink.destroy(err ?? new Error('the stream the copy came from stopped'));
    done(err);
  }
}
