import { Transform, type TransformCallback } from 'node:stream';

/** A gzip member as Node's zlib writes it: a 10-byte header (no name, no extra) and an 8-byte trailer. */
const GZIP_HEADER_BYTES = 10;
const GZIP_TRAILER_BYTES = 8;

/**
 * The raw deflate data of a gzip member, and its CRC-32 from the trailer. zlib computes a gzip
 * member's CRC-32 as it copies the input into its window, on the thread that compresses: the
 * same CRC computed apart (zlib's crc32) took about 60 ms of the main thread per 256 MiB.
 */
export class GzipMember extends Transform {
  private header = Buffer.alloc(0);
  /** The last bytes seen: the trailer once the member ends. */
  private held = Buffer.alloc(0);
  crc32 = 0;
  /** The uncompressed size modulo 2^32, from the trailer. */
  sizeMod32 = 0;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    let data = chunk;
    if (this.header.length < GZIP_HEADER_BYTES) {
      const take = Math.min(GZIP_HEADER_BYTES - this.header.length, data.length);
      this.header = Buffer.concat([this.header, data.subarray(0, take)]);
      data = data.subarray(take);
      // Magic, deflate, and no flags: nothing of variable length follows the 10 bytes.
      if (this.header.length === GZIP_HEADER_BYTES && (this.header[0] !== 0x1f || this.header[1] !== 0x8b || this.header[2] !== 8 || this.header[3] !== 0)) {
        return done(new Error('zlib wrote a gzip header this writer does not read'));
      }
    }
    if (data.length >= GZIP_TRAILER_BYTES) {
      if (this.held.length) this.push(this.held);
      this.push(data.subarray(0, data.length - GZIP_TRAILER_BYTES));
      this.held = Buffer.from(data.subarray(data.length - GZIP_TRAILER_BYTES));
    } else if (data.length) {
      const both = Buffer.concat([this.held, data]);
      if (both.length > GZIP_TRAILER_BYTES) this.push(both.subarray(0, both.length - GZIP_TRAILER_BYTES));
      this.held = both.subarray(Math.max(0, both.length - GZIP_TRAILER_BYTES));
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.header.length < GZIP_HEADER_BYTES || this.held.length < GZIP_TRAILER_BYTES) return done(new Error('the compressed data ended early'));
    this.crc32 = this.held.readUInt32LE(0);
    this.sizeMod32 = this.held.readUInt32LE(4);
    done();
  }
}
