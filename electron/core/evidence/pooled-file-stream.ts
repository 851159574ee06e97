import { open, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { releaseChunk, shrinkChunk, takeChunk } from './chunk-pool';
import { READ_CHUNK_BYTES } from './reader';

/**
 * A file read in READ_CHUNK_BYTES chunks taken from the chunk pool (chunk-pool.ts): the stage
 * that is done with a chunk gives it back (redaction does, and so does a log scan), and a
 * reader that does not give them back leaves them to the garbage collector, as with
 * fs.createReadStream.
 */
export class PooledFileStream extends Readable {
  private handle: FileHandle | undefined;

  constructor(private readonly path: string) {
    super();
  }

  override _construct(done: (error?: Error | null) => void): void {
    open(this.path, 'r').then(
      (handle) => {
        this.handle = handle;
        done();
      },
      (err: Error) => done(err),
    );
  }

  override _read(): void {
    const handle = this.handle as FileHandle;
    const chunk = takeChunk(READ_CHUNK_BYTES);
    handle.read(chunk, 0, chunk.length, null).then(
      ({ bytesRead }) => {
        if (bytesRead === 0) {
          releaseChunk(chunk);
          this.push(null);
        } else {
          this.push(bytesRead < chunk.length ? shrinkChunk(chunk, bytesRead) : chunk);
        }
      },
      (err: Error) => {
        releaseChunk(chunk);
        this.destroy(err);
      },
    );
  }

  override _destroy(err: Error | null, done: (error?: Error | null) => void): void {
    const handle = this.handle;
    this.handle = undefined;
    if (!handle) return done(err);
    handle.close().then(
      () => done(err),
      (closeErr: Error) => done(err ?? closeErr),
    );
  }
}
