import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable, Transform, Writable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, crc32, deflateRaw } from 'node:zlib';
import { promisify } from 'node:util';
import pLimit from 'p-limit';
import type * as ZipJs from '@zip.js/zip.js';
import { HashingStream } from './hashing';
import { GzipMember } from './gzip-member';

/** Evidence is mostly logs: level 1 is several times faster than the default and nearly as small. */
export const EVIDENCE_COMPRESSION = 1;
/** Manifest, findings and reports: small, compressed as well as zip does by default. */
const EXTRAS_COMPRESSION = 6;
const DEFLATE = 8;
/**
 * Output buffer of an evidence file's deflate stream. Each time it fills, the stream comes back
 * to the main thread before going on; zlib's 16 KiB default meant several such trips per MiB
 * read, each waiting for a main thread busy with redaction or analysis.
 */
const DEFLATE_OUTPUT_BYTES = 256 * 1024;
/**
 * memLevel 9 (zlib's most: a hash table of 128 KiB instead of 64): at level 1 over runner logs
 * about 5 % less CPU and slightly smaller output, for 128 KiB more per compression under way.
 */
const EVIDENCE_DEFLATE = { level: EVIDENCE_COMPRESSION, memLevel: 9, chunkSize: DEFLATE_OUTPUT_BYTES };

/**
 * The pieces a compressed file is read in and zip.js passes it on in. zip.js copies every
 * piece into one of its own size (256 KiB unless configured) and each takes a trip through
 * several web streams: with 1 MiB, adding 37 MB of compressed logs to an archive took about
 * 135 ms of CPU instead of 210 (64 KiB reads, zip.js's default).
 */
const ARCHIVE_PIECE_BYTES = 1 << 20;

/** One entry compressed: its raw deflate data (in memory or in a file), CRC-32 and size. */
interface Compressed {
  data?: Buffer;
  file?: string;
  crc32: number;
  size: number;
}

/** Counts the bytes that pass. */
class SizeTap extends Transform {
  size = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    done(null, chunk);
  }
}

/** Compresses with `gzip` what `from` gives (or what is written to it): the raw deflate data to `file`, its CRC-32 and size. */
async function compressToFile(gzip: Transform, from: Readable[], size: () => number, file: string, signal: AbortSignal): Promise<Compressed> {
  const member = new GzipMember();
  await pipeline([...from, gzip, member, createWriteStream(file, { mode: 0o600 })], { signal });
  // The trailer's size is the count of what went in, modulo 2^32: a check that nothing was cut.
  if (member.sizeMod32 !== size() % 2 ** 32) throw new Error('the compressed data does not hold every byte given');
  return { file, crc32: member.crc32, size: size() };
}

/**
 * The head of a compression fed by writes: counts the bytes, and calls each write back once
 * deflate has read the chunk (zlib copies what it reads into its window), so the writer may use
 * the chunk's memory again (fan-out.ts).
 */
class DeflateInput extends Writable {
  size = 0;

  constructor(private readonly deflate: Writable) {
    super();
    deflate.on('error', (err) => this.destroy(err));
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (error?: Error | null) => void): void {
    this.size += chunk.length;
    this.deflate.write(chunk, (err) => done(err ?? null));
  }

  override _final(done: (error?: Error | null) => void): void {
    this.deflate.end((err?: Error | null) => done(err ?? null));
  }

  override _destroy(err: Error | null, done: (error?: Error | null) => void): void {
    // Stopped before its end: the compression is no use.
    if (!this.writableFinished) this.deflate.destroy(err ?? new Error('the file being stored was not stored'));
    done(err);
  }
}

/**
 * A zip written as a stream straight to `<target>.partial-<pid>` and renamed into place when
 * complete, so a cancelled or failed write never leaves a half-written file under the user's
 * name. Entries are compressed (raw deflate, CRC-32 by zlib) a few at a time in parallel, each
 * to a temporary file, and written in the order they were added by zip.js, which takes
 * compressed data with its CRC as it is. Memory stays flat whatever the size of the entries.
 */
export class ZipOutput {
  private readonly partial: string;
  private readonly abort$ = new AbortController();
  /** Compressions at once: zlib runs them on libuv's threads (four unless UV_THREADPOOL_SIZE says). */
  private readonly slots = pLimit(Math.min(4, Math.max(1, availableParallelism())));
  private readonly tmp: Promise<string>;
  private readonly out = new PassThrough();
  private readonly hashing = new HashingStream();
  private readonly done: Promise<void>;
  private readonly writer: Promise<{ add: (path: string, c: Compressed) => Promise<void>; close: () => Promise<void> }>;
  /** Entries written so far, in order; rejects with the first failure. */
  private written: Promise<void>;
  /** An entry whose source must not be read before the previous ones are (see addStream). */
  private lastCompressed: Promise<unknown> = Promise.resolve();
  /** Temporary files named so far. */
  private temps = 0;
  /** Compressions started by compressFrom, by path, not yet added. */
  private readonly ahead = new Map<string, Promise<Compressed>>();
  /** Every compression started or waiting, so a cancel can wait for them before cleaning up. */
  private readonly compressing: Promise<unknown>[] = [];

  constructor(
    private readonly target: string,
    signal?: AbortSignal,
  ) {
    this.partial = `${target}.partial-${process.pid}`;
    if (signal) {
      if (signal.aborted) this.abort$.abort(signal.reason);
      else signal.addEventListener('abort', () => this.abort$.abort(signal.reason), { once: true });
    }
    this.done = pipeline(this.out, this.hashing, createWriteStream(this.partial, { mode: 0o600 }), { signal: this.abort$.signal });
    this.tmp = mkdtemp(join(tmpdir(), 'runner-doctor-zip-'));
    this.writer = this.openWriter();
    this.written = this.writer.then(() => undefined);
    // Failures surface in finish(); never as an unhandled rejection meanwhile.
    for (const p of [this.done, this.tmp, this.writer, this.written]) p.catch(() => undefined);
  }

  private async openWriter(): Promise<{ add: (path: string, c: Compressed) => Promise<void>; close: () => Promise<void> }> {
    // Loaded when a bundle is written, not when the app or the CLI starts; from zip.js's own
    // one-file build of its main entry: its 40-odd modules took about 30 ms to load, this 11.
    const { ZipWriter, configure } = (await import('@zip.js/zip.js/index.min.js')) as typeof ZipJs;
    // zip.js's own setting, for every archive it writes; Runner Doctor writes with zip.js only here.
    configure({ chunkSize: ARCHIVE_PIECE_BYTES });
    const zip = new ZipWriter(Writable.toWeb(this.out), { useWebWorkers: false, useCompressionStream: false, extendedTimestamp: false, signal: this.abort$.signal });
    return {
      add: async (path, c) => {
        const data = c.data ? Readable.from([c.data]) : createReadStream(c.file as string, { highWaterMark: ARCHIVE_PIECE_BYTES });
        await zip.add(path, Readable.toWeb(data) as ReadableStream<Uint8Array>, { passThrough: true, compressionMethod: DEFLATE, crc32: c.crc32, uncompressedSize: c.size });
        if (c.file) await rm(c.file, { force: true });
      },
      close: async () => {
        await zip.close();
      },
    };
  }

  addBuffer(path: string, data: Buffer): void {
    this.enqueue(path, async () => ({ data: await promisify(deflateRaw)(data, { level: EXTRAS_COMPRESSION }), crc32: crc32(data), size: data.length }));
  }

  /**
   * Adds a file whose content is opened only when it is its turn. `independent` sources (files
   * already on disk) are compressed ahead, several at once; others are opened one after
   * another in the order added, as a source that shares state with the previous one (a
   * redaction going on over several entries) needs.
   */
  addStream(path: string, open: () => Readable | Promise<Readable>, _size?: number, opts: { independent?: boolean } = {}): void {
    const ahead = this.ahead.get(path);
    this.ahead.delete(path);
    this.enqueue(path, ahead ? () => ahead : this.compressor(open), opts.independent !== true && !ahead);
  }

  /**
   * Compresses a file from its bytes as they are written to the stream returned, while they are
   * stored elsewhere, without reading the file again, before its turn in the archive (while the
   * rest is still being collected or analysed). It goes into the archive only if addStream
   * later adds the same path; if the stream fails, addStream compresses the file anew.
   */
  compressFrom(path: string): Writable {
    this.dropAhead(path);
    const gzip = createGzip(EVIDENCE_DEFLATE);
    const input = new DeflateInput(gzip);
    // Not in a slot: the stream is written at the pace of whatever stores the file, one at a time.
    const compressed = (async (): Promise<Compressed> => compressToFile(gzip, [], () => input.size, join(await this.tmp, String(this.temps++)), this.abort$.signal))();
    compressed.catch(() => {
      input.destroy();
      if (this.ahead.get(path) === compressed) this.ahead.delete(path);
    });
    this.compressing.push(compressed);
    this.ahead.set(path, compressed);
    return input;
  }

  /** Forgets what compressFrom started for `path` (the file changed): addStream compresses it anew. */
  private dropAhead(path: string): void {
    const stale = this.ahead.get(path);
    this.ahead.delete(path);
    void stale?.then(async (c) => {
      if (c.file) await rm(c.file, { force: true });
    }, () => undefined);
  }

  private compressor(open: () => Readable | Promise<Readable>): () => Promise<Compressed> {
    return async () => {
      const source = await open();
      const tap = new SizeTap();
      return compressToFile(createGzip(EVIDENCE_DEFLATE), [source, tap], () => tap.size, join(await this.tmp, String(this.temps++)), this.abort$.signal);
    };
  }

  /** Runs a compression in a free slot, after `after`; a cancel waits for it before cleaning up. */
  private start(compress: () => Promise<Compressed>, after: Promise<unknown> = Promise.resolve()): Promise<Compressed> {
    const compressed = after.then(() =>
      this.slots(() => {
        this.abort$.signal.throwIfAborted();
        return compress();
      }),
    );
    compressed.catch(() => undefined);
    this.compressing.push(compressed);
    return compressed;
  }

  private enqueue(path: string, compress: () => Promise<Compressed>, inOrder = false): void {
    const compressed = this.start(compress, inOrder ? this.lastCompressed : undefined);
    if (inOrder) this.lastCompressed = compressed.catch(() => undefined);
    this.written = Promise.all([this.written, compressed, this.writer]).then(async ([, c, writer]) => writer.add(path, c));
    this.written.catch(() => undefined);
  }

  /** Ends the archive and moves it into place; on any failure the partial file is removed. */
  async finish(): Promise<{ path: string; bytes: number; sha256: string }> {
    try {
      await this.written;
      await (await this.writer).close();
      await this.done;
      await rename(this.partial, this.target);
      // Compressions started ahead for files that changed or went: let them end, then clean up.
      await Promise.allSettled(this.ahead.values());
      await rm(await this.tmp, { recursive: true, force: true });
    } catch (err) {
      await this.abort();
      throw err;
    }
    const { sha256, bytes } = await this.hashing.result;
    return { path: this.target, bytes, sha256 };
  }

  async abort(): Promise<void> {
    if (!this.abort$.signal.aborted) this.abort$.abort();
    this.out.destroy();
    await Promise.allSettled([this.done, this.written, ...this.compressing]);
    await rm(this.partial, { force: true });
    await this.tmp.then((dir) => rm(dir, { recursive: true, force: true, maxRetries: 3 }), () => undefined);
  }
}
