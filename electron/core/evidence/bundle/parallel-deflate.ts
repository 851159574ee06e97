import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { constants, crc32, deflateRaw } from 'node:zlib';

const deflateRawAsync = promisify(deflateRaw);
/** Deflate looks back at most this far: the part of the input before a chunk its compression needs. */
const WINDOW = 32 * 1024;
/** Input compressed as one piece: small chunks are gathered up to this, large ones go as they are. */
const BLOCK = 1024 * 1024;
/** The end of a raw deflate stream: an empty last block. */
const LAST_BLOCK = Buffer.from([0x03, 0x00]);

/**
 * Raw deflate of a stream, several chunks at once on libuv's threads, as pigz does: each chunk
 * is compressed on its own, primed with the 32 KiB before it as its dictionary (what an inflater
 * has in its window at that point) and ended with a full flush, so the chunks' output joined in
 * order is one deflate stream, about as small as one thread's. It is written to `out` in order,
 * followed by an empty last block; CRC-32 and size of the input are counted as it passes.
 * One file's compression is no longer bound to one thread, so storing a large log does not wait
 * for it.
 */
export class ParallelDeflate extends Writable {
  crc32 = 0;
  size = 0;
  private before: Buffer = Buffer.alloc(0);
  private readonly pending: Promise<Buffer>[] = [];
  private gathered: Buffer[] = [];
  private gatheredBytes = 0;

  constructor(
    private readonly out: Writable,
    private readonly level: number,
    /** Chunks compressed at once; writing waits past this. */
    private readonly ahead = 4,
  ) {
    super();
    out.on('error', (err) => this.destroy(err));
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (error?: Error | null) => void): void {
    this.crc32 = crc32(chunk, this.crc32);
    this.size += chunk.length;
    this.gathered.push(chunk);
    this.gatheredBytes += chunk.length;
    if (this.gatheredBytes < BLOCK) return done();
    this.compressGathered();
    if (this.pending.length < this.ahead) return done();
    this.writeOldest().then(() => done(), done);
  }

  /** Starts compressing what was gathered, as the next piece of the stream. */
  private compressGathered(): void {
    if (!this.gatheredBytes) return;
    const chunk = this.gathered.length === 1 ? this.gathered[0]! : Buffer.concat(this.gathered);
    this.gathered = [];
    this.gatheredBytes = 0;
    const compressed = deflateRawAsync(chunk, { level: this.level, finishFlush: constants.Z_FULL_FLUSH, ...(this.before.length ? { dictionary: this.before } : {}) });
    // Settled later, in order; never an unhandled rejection meanwhile.
    compressed.catch(() => undefined);
    this.pending.push(compressed);
    this.before = chunk.length >= WINDOW ? chunk.subarray(chunk.length - WINDOW) : Buffer.concat([this.before, chunk]).subarray(-WINDOW);
  }

  override _final(done: (error?: Error | null) => void): void {
    this.compressGathered();
    (async () => {
      while (this.pending.length) await this.writeOldest();
      await this.send(LAST_BLOCK);
      await new Promise<void>((resolve, reject) => this.out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    })().then(() => done(), done);
  }

  override _destroy(err: Error | null, done: (error?: Error | null) => void): void {
    this.pending.length = 0;
    if (!this.out.destroyed) this.out.destroy(err ?? undefined);
    done(err);
  }

  private async writeOldest(): Promise<void> {
    await this.send(await this.pending.shift()!);
  }

  private send(data: Buffer): Promise<void> {
    return new Promise((resolve, reject) => this.out.write(data, (err) => (err ? reject(err) : resolve())));
  }
}
