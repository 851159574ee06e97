import { Transform, type TransformCallback } from 'node:stream';
import { StreamRedactor } from './line-state';
import type { Redactor } from './redactor';
import { releaseShared, scanSharedInWorker, scanThreads, takeShared } from './scan-pool';
import { releaseChunk, takeChunk } from '../chunk-pool';
import type { TokenTally } from './token-tally';

/** Longest line kept whole; a longer run without a newline is redacted in slices of this size. */
export const MAX_LINE_CHARS = 1 << 20;

/** Stretches smaller than this are scanned here: a worker's round trip would cost more. */
const WORKER_MIN_BYTES = 64 * 1024;

export interface RedactStreamOptions {
  /** Find the lines holding a hint on worker threads (scan-pool.ts); same output, more cores. */
  workers?: boolean;
  /** Stretches at least this long go to a worker (default WORKER_MIN_BYTES). */
  workerMinBytes?: number;
  /**
   * With `workers`: redaction begins once this settles (the file before this one is redacted),
   * so placeholders are numbered in file order while this file is already read and scanned.
   */
  after?: PromiseLike<unknown>;
}

interface Segment {
  /** A copy of its stretch, this stream's own: the chunk it came from is given back at once. */
  bytes: Buffer;
  /** Where the copy lives when a worker scans it, given back once it is redacted. */
  shared?: SharedArrayBuffer;
  hinted: Promise<number[]>;
}

/**
 * Redacts a byte stream. Bytes are read as latin1, one character per byte, so whatever the
 * encoding (UTF-8, latin1, binary junk) every byte that is not part of a secret comes out
 * exactly as it went in; the rules look for ASCII. Complete lines go to the per-stream redactor (which carries state
 * across lines: PEM blocks, Secret data…); a partial line is held back until its newline
 * arrives, so a secret split across chunks is still found. Memory is bounded by the longest
 * line (and, for Kubernetes Secret data held until its kind is known, by a fixed cap).
 *
 * With `workers`, the same stretches of text are scanned for hints on worker threads a few
 * stretches ahead, and redacted here in order; lines without a hint are copied as bytes. Then
 * each chunk taken in is given back to the chunk pool once copied, and each chunk put out is
 * one of the pool's, for the stage that last reads it to give back (chunk-pool.ts).
 */
export class RedactStream extends Transform {
  private readonly lines: StreamRedactor;
  private pending = '';
  private pendingBytes: Buffer = Buffer.alloc(0);
  private readonly queue: Segment[] = [];
  private readonly workers: boolean;
  private readonly workerMinBytes: number;
  /** Stretches scanned ahead of the one redacted: a few per worker thread. */
  private readonly scanAhead = scanThreads() * 2;
  private turn: PromiseLike<unknown> | undefined;
  private redactionOver!: () => void;
  /** Settles once this stream redacts no more: ended, failed or stopped. */
  readonly redacted = new Promise<void>((resolve) => (this.redactionOver = resolve));

  constructor(
    private readonly redactor: Redactor,
    opts: RedactStreamOptions = {},
  ) {
    super();
    this.lines = new StreamRedactor(redactor);
    this.workers = opts.workers === true;
    this.workerMinBytes = opts.workerMinBytes ?? WORKER_MIN_BYTES;
    this.turn = opts.after;
  }

  /** Secrets replaced so far in this stream. */
  get count(): number {
    return this.lines.count;
  }

  /** The GitLab tokens replaced so far, with their kinds and lines. */
  get tokens(): TokenTally {
    return this.lines.tokens;
  }

  override _transform(chunk: Buffer | string, _enc: BufferEncoding, done: TransformCallback): void {
    if (this.workers) {
      if (typeof chunk === 'string') return this.transformBytes(Buffer.from(chunk), done);
      this.transformBytes(chunk, done);
      // Nothing here holds on to it: each stretch was copied, and so was the line left open.
      releaseChunk(chunk);
      return;
    }
    const text = this.pending + (typeof chunk === 'string' ? Buffer.from(chunk).toString('latin1') : chunk.toString('latin1'));
    const nl = text.lastIndexOf('\n');
    let out = '';
    if (nl === -1) {
      this.pending = text;
    } else {
      out = this.lines.write(text.slice(0, nl + 1));
      this.pending = text.slice(nl + 1);
    }
    while (this.pending.length > MAX_LINE_CHARS) {
      out += this.lines.write(this.pending.slice(0, MAX_LINE_CHARS));
      this.pending = this.pending.slice(MAX_LINE_CHARS);
    }
    if (out) this.push(Buffer.from(out, 'latin1'));
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.workers) {
      if (this.pendingBytes.length) this.enqueue(this.pendingBytes);
      this.pendingBytes = Buffer.alloc(0);
      this.drain(0)
        .then(() => this.waitTurn())
        .then(() => {
          const tail = this.lines.end();
          this.redactionOver();
          if (tail) this.push(Buffer.from(tail, 'latin1'));
          done();
        }, done);
      return;
    }
    const rest = this.pending;
    this.pending = '';
    const out = (rest ? this.lines.write(rest) : '') + this.lines.end();
    this.redactionOver();
    if (out) this.push(Buffer.from(out, 'latin1'));
    done();
  }

  override _destroy(err: Error | null, done: (error?: Error | null) => void): void {
    this.queue.length = 0;
    this.redactionOver();
    done(err);
  }

  /** Waits, once, for the redaction this one follows (`after`); its failure is not ours. */
  private async waitTurn(): Promise<void> {
    const turn = this.turn;
    this.turn = undefined;
    if (turn) await Promise.resolve(turn).catch(() => undefined);
  }

  /** The same cuts as the text path (complete lines; over-long runs in slices), as bytes. */
  private transformBytes(chunk: Buffer, done: TransformCallback): void {
    let data = chunk;
    if (this.pendingBytes.length) {
      // The line left open ends in this chunk: it goes on its own, and the rest of the chunk
      // is used as it is.
      const first = chunk.indexOf(10);
      if (first === -1) {
        data = Buffer.concat([this.pendingBytes, chunk]);
      } else {
        this.enqueue(Buffer.concat([this.pendingBytes, chunk.subarray(0, first + 1)]));
        data = chunk.subarray(first + 1);
      }
      this.pendingBytes = Buffer.alloc(0);
    }
    const nl = data.lastIndexOf(10);
    let open = data;
    if (nl !== -1) {
      this.enqueue(data.subarray(0, nl + 1));
      open = data.subarray(nl + 1);
    }
    while (open.length > MAX_LINE_CHARS) {
      this.enqueue(open.subarray(0, MAX_LINE_CHARS));
      open = open.subarray(MAX_LINE_CHARS);
    }
    // Kept as a copy of its own: the chunk may be given back.
    this.pendingBytes = open === chunk || open.buffer === chunk.buffer ? Buffer.from(open) : open;
    // A few stretches are scanned ahead while the oldest is redacted.
    this.drain(this.scanAhead).then(() => done(), done);
  }

  /** Queues a copy of `bytes` (a part of a chunk that may be given back) for redaction, its hints being found. */
  private enqueue(bytes: Buffer): void {
    const spec = this.redactor.hintSpec;
    let segment: Segment;
    if (bytes.length >= this.workerMinBytes) {
      const shared = takeShared(bytes.length);
      const copy = Buffer.from(shared, 0, bytes.length);
      copy.set(bytes);
      segment = { bytes: copy, shared, hinted: scanSharedInWorker(shared, bytes.length, spec) };
    } else {
      const copy = Buffer.from(bytes);
      segment = { bytes: copy, hinted: Promise.resolve(this.redactor.hintedLineStarts(copy)) };
    }
    // Awaited in order by drain(); a stream destroyed meanwhile never awaits it.
    segment.hinted.catch(() => undefined);
    this.queue.push(segment);
  }

  /** Redacts queued stretches, oldest first, until at most `keep` are left. */
  private async drain(keep: number): Promise<void> {
    while (this.queue.length > keep && !this.destroyed) {
      if (this.turn) await this.waitTurn();
      if (this.destroyed) return;
      const head = this.queue.shift() as Segment;
      const out = this.lines.writeBytes(head.bytes, await head.hinted, takeChunk);
      // The output is a chunk of its own, so the copy is read no more.
      if (head.shared) releaseShared(head.shared);
      if (out.length && !this.destroyed) this.push(out);
      else releaseChunk(out);
    }
  }
}

/** Redacts a whole string (small inputs: manifests, API answers, errors) with stream state. */
export function redactText(redactor: Redactor, text: string): { text: string; count: number } {
  const lines = new StreamRedactor(redactor);
  const out = lines.write(text) + lines.end();
  return { text: out, count: lines.count };
}
