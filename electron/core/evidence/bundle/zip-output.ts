import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { useNativeCrc32ForYazl } from './native-crc';

useNativeCrc32ForYazl();

/** Evidence is mostly logs: level 1 is several times faster than the default and nearly as small. */
export const EVIDENCE_COMPRESSION = 1;

/**
 * A zip written as a stream straight to `<target>.partial-<pid>` and renamed into place when
 * complete, so a cancelled or failed write never leaves a half-written file under the user's
 * name. Entries are added while the archive is being written; memory stays flat.
 */
export class ZipOutput {
  private readonly zip = new yazl.ZipFile();
  private readonly partial: string;
  private readonly hash = createHash('sha256');
  private bytes = 0;
  private readonly done: Promise<void>;
  private readonly failed: Promise<never>;

  constructor(
    private readonly target: string,
    signal?: AbortSignal,
  ) {
    this.partial = `${target}.partial-${process.pid}`;
    // After a cancel yazl may still write into the destroyed stream; pipeline reports the cause.
    (this.zip.outputStream as unknown as NodeJS.EventEmitter).on('error', () => undefined);
    this.zip.outputStream.on('data', (chunk: Buffer) => {
      this.hash.update(chunk);
      this.bytes += chunk.length;
    });
    this.done = pipeline(this.zip.outputStream, createWriteStream(this.partial, { mode: 0o600 }), ...(signal ? [{ signal }] : []));
    // yazl does not forward errors of the streams it reads: they are routed here.
    this.failed = new Promise<never>((_, reject) => this.zip.on('error', reject));
    // Failures surface in finish(); never as an unhandled rejection meanwhile.
    this.done.catch(() => undefined);
    this.failed.catch(() => undefined);
  }

  addBuffer(path: string, data: Buffer): void {
    this.zip.addBuffer(data, path, { compressionLevel: 6 });
  }

  /** Adds a file whose content is opened only when the zip gets to it. */
  addStream(path: string, open: () => Readable | Promise<Readable>, size?: number): void {
    this.zip.addReadStreamLazy(path, { compressionLevel: EVIDENCE_COMPRESSION, ...(size !== undefined ? { size } : {}) }, (cb) => {
      Promise.resolve()
        .then(open)
        .then(
          (stream) => {
            stream.once('error', (err: Error) => this.zip.emit('error', err));
            cb(null, stream);
          },
          (err: unknown) => cb(err instanceof Error ? err : new Error(String(err)), undefined as never),
        );
    });
  }

  /** Ends the archive and moves it into place; on any failure the partial file is removed. */
  async finish(): Promise<{ path: string; bytes: number; sha256: string }> {
    this.zip.end();
    try {
      await Promise.race([this.done, this.failed]);
      await rename(this.partial, this.target);
    } catch (err) {
      await this.abort();
      throw err;
    }
    return { path: this.target, bytes: this.bytes, sha256: this.hash.digest('hex') };
  }

  async abort(): Promise<void> {
    (this.zip.outputStream as unknown as { destroy(): void }).destroy();
    await this.done.catch(() => undefined);
    await rm(this.partial, { force: true });
  }
}
