import { Transform, type TransformCallback } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { Redactor } from './redactor';

/** Longest line kept whole; a longer run without a newline is redacted in slices of this size. */
export const MAX_LINE_CHARS = 1 << 20;

/**
 * Redacts a byte stream line by line. Lines are held back until their newline arrives, so a
 * secret split across chunks is still found; memory is bounded by the longest line.
 */
export class RedactStream extends Transform {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  count = 0;

  constructor(private readonly redactor: Redactor) {
    super();
  }

  override _transform(chunk: Buffer | string, _enc: BufferEncoding, done: TransformCallback): void {
    this.pending += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    let out = '';
    let nl = this.pending.indexOf('\n');
    let from = 0;
    while (nl !== -1) {
      out += this.redact(this.pending.slice(from, nl)) + '\n';
      from = nl + 1;
      nl = this.pending.indexOf('\n', from);
    }
    this.pending = this.pending.slice(from);
    while (this.pending.length > MAX_LINE_CHARS) {
      out += this.redact(this.pending.slice(0, MAX_LINE_CHARS));
      this.pending = this.pending.slice(MAX_LINE_CHARS);
    }
    if (out) this.push(out);
    done();
  }

  override _flush(done: TransformCallback): void {
    this.pending += this.decoder.end();
    if (this.pending) this.push(this.redact(this.pending));
    this.pending = '';
    done();
  }

  private redact(line: string): string {
    const cr = line.endsWith('\r');
    const { text, count } = this.redactor.redactLine(cr ? line.slice(0, -1) : line);
    this.count += count;
    return cr ? text + '\r' : text;
  }
}

/** Redacts a whole string (small inputs: manifests, API answers, errors). */
export function redactText(redactor: Redactor, text: string): { text: string; count: number } {
  let count = 0;
  const out = text
    .split('\n')
    .map((line) => {
      const r = redactor.redactLine(line);
      count += r.count;
      return r.text;
    })
    .join('\n');
  return { text: out, count };
}
