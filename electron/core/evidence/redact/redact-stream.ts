import { Transform, type TransformCallback } from 'node:stream';
import { StreamRedactor } from './line-state';
import type { Redactor } from './redactor';

/** Longest line kept whole; a longer run without a newline is redacted in slices of this size. */
export const MAX_LINE_CHARS = 1 << 20;

/**
 * Redacts a byte stream. Bytes are read as latin1, one character per byte, so whatever the
 * encoding (UTF-8, latin1, binary junk) every byte that is not part of a secret comes out
 * exactly as it went in; the rules look for ASCII. Complete lines go to the per-stream redactor (which carries state
 * across lines: PEM blocks, Secret data…); a partial line is held back until its newline
 * arrives, so a secret split across chunks is still found. Memory is bounded by the longest
 * line (and, for Kubernetes Secret data held until its kind is known, by a fixed cap).
 */
export class RedactStream extends Transform {
  private readonly lines: StreamRedactor;
  private pending = '';

  constructor(redactor: Redactor) {
    super();
    this.lines = new StreamRedactor(redactor);
  }

  /** Secrets replaced so far in this stream. */
  get count(): number {
    return this.lines.count;
  }

  override _transform(chunk: Buffer | string, _enc: BufferEncoding, done: TransformCallback): void {
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
    const rest = this.pending;
    this.pending = '';
    const out = (rest ? this.lines.write(rest) : '') + this.lines.end();
    if (out) this.push(Buffer.from(out, 'latin1'));
    done();
  }
}

/** Redacts a whole string (small inputs: manifests, API answers, errors) with stream state. */
export function redactText(redactor: Redactor, text: string): { text: string; count: number } {
  const lines = new StreamRedactor(redactor);
  const out = lines.write(text) + lines.end();
  return { text: out, count: lines.count };
}
