import { Transform, type TransformCallback } from 'node:stream';
import { StreamRedactor } from './line-state';
import type { Redactor } from './redactor';
import { releaseShared, scanSharedInWorker, scanThreads, takeShared } from './scan-pool';
import { releaseChunk, takeChunk } from '../chunk-pool';
import type { TokenTally } from './token-tally';

/** Longest line kept whole; a longer run without a newline is redacted in slices of this size. */
export const MAX_LINE_CHARS = 1 << 20;

const EMPTY = Buffer.alloc(0);
/** Room left for a stretch's redacted text to grow within the size of the chunk it came in. */
const OUTPUT_GROWTH_BYTES = 4096;

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
  /** The copy is a chunk of the pool, given back once redacted. */
  pooled?: boolean;
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
  private pendingBytes: Buffer = EMPTY;
  private readonly queue: Segment[] = [];
  private readonly workers: boolean;
  private readonly workerMinBytes: number;
  /** Stretches scanned ahead of the one redacted: one per worker thread (a stretch is about a chunk). */
  private readonly scanAhead = scanThreads();
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
      if (this.pendingBytes.length) this.enqueue(EMPTY, this.pendingBytes);
      this.pendingBytes = EMPTY;
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
    const pending = this.pendingBytes;
    // The line left open and this chunk's complete lines go as one stretch (one copy, and one
    // output chunk for the stages after: each costs every sink a round trip to another thread),
    // cut at a newline that leaves its redacted text (placeholders are often a little longer
    // than what they replace) room in a buffer of the chunk's size, the size buffers come in.
    const room = chunk.length - pending.length - OUTPUT_GROWTH_BYTES;
    // Else at the chunk's last newline: a long line makes a stretch longer than a chunk.
    let nl = room > 0 ? chunk.lastIndexOf(10, room - 1) : -1;
    if (nl === -1) nl = chunk.lastIndexOf(10);
    let open: Buffer;
    if (nl === -1) {
      open = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    } else {
      this.enqueue(pending, chunk.subarray(0, nl + 1));
      open = chunk.subarray(nl + 1);
    }
    while (open.length > MAX_LINE_CHARS) {
      this.enqueue(EMPTY, open.subarray(0, MAX_LINE_CHARS));
      open = open.subarray(MAX_LINE_CHARS);
    }
    // Kept as a copy of its own: the chunk may be given back.
    this.pendingBytes = open.buffer === chunk.buffer ? Buffer.from(open) : open;
    // A few stretches are scanned ahead while the oldest is redacted.
    this.drain(this.scanAhead).then(() => done(), done);
  }

  /** Queues a copy of `head` then `body` (parts of chunks that may be given back) as one stretch for redaction, its hints being found. */
  private enqueue(head: Buffer, body: Buffer): void {
    const spec = this.redactor.hintSpec;
    const length = head.length + body.length;
    let segment: Segment;
    if (length >= this.workerMinBytes) {
      // Redaction reads a copy in memory of this thread's own, and the worker a copy of that in
      // shared memory: V8 copies to and from shared memory a byte at a time wherever the two
      // sides are not aligned alike (about 90 ms per 256 MiB against 8), as the pieces of a
      // redacted stretch mostly are; this copy, from offset 0 to 0, goes a word at a time.
      const copy = takeChunk(length);
      head.copy(copy, 0);
      body.copy(copy, head.length);
      const shared = takeShared(length);
      new Uint8Array(shared, 0, length).set(copy);
      const hinted = scanSharedInWorker(shared, length, spec);
      // The worker is done with it once it answers; the redaction does not read it.
      void hinted.finally(() => releaseShared(shared)).catch(() => undefined);
      segment = { bytes: copy, pooled: true, hinted };
    } else {
      const copy = Buffer.concat([head, body], length);
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
      if (head.pooled) releaseChunk(head.bytes);
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
