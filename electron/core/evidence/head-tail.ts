import { Transform, type TransformCallback } from 'node:stream';

/** How far past the limit the head may run to end on a whole line. */
const MAX_LINE_OVERSHOOT = 64 * 1024;

/**
 * Keeps the first and last `limit / 2` bytes of a stream, cut at line boundaries, with a marker
 * line between them saying how much was left out. Memory stays within the tail half.
 */
export class HeadTailLimiter extends Transform {
  private headLeft: number;
  /** Bytes kept past the head's half while looking for the end of its last line. */
  private overshoot = 0;
  private inHead = true;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  private dropped = 0;
  truncated = false;

  constructor(private readonly limit: number) {
    super();
    this.headLeft = Math.floor(limit / 2);
  }

  override _transform(chunk: Buffer | string, _enc: BufferEncoding, done: TransformCallback): void {
    let buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (this.inHead) {
      if (buf.length <= this.headLeft) {
        this.headLeft -= buf.length;
        this.push(buf);
        return done();
      }
      // Finish the head at the end of the line that crosses the limit, unless that line goes
      // on and on (a file that is one 200 MB line): then it is cut where the search gives up.
      const budget = MAX_LINE_OVERSHOOT - this.overshoot;
      const nl = buf.indexOf(10, this.headLeft);
      if (nl === -1 && buf.length - this.headLeft < budget) {
        this.overshoot += buf.length - this.headLeft;
        this.headLeft = 0;
        this.push(buf);
        return done();
      }
      const cut = nl !== -1 && nl - this.headLeft < budget ? nl + 1 : this.headLeft + budget;
      this.push(buf.subarray(0, cut));
      buf = buf.subarray(cut);
      this.headLeft = 0;
      this.inHead = false;
    }
    if (buf.length) this.keepTail(buf);
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.dropped > 0) {
      // Start the tail at a line boundary.
      let joined = Buffer.concat(this.tail);
      const nl = joined.indexOf(10);
      if (nl !== -1 && nl + 1 < joined.length) {
        this.dropped += nl + 1;
        joined = joined.subarray(nl + 1);
      }
      this.truncated = true;
      this.push(`\n[runner-doctor: ${this.dropped} bytes left out here to keep the file within ${this.limit} bytes]\n`);
      this.push(joined);
    } else {
      for (const b of this.tail) this.push(b);
    }
    done();
  }

  private keepTail(buf: Buffer): void {
    const max = Math.floor(this.limit / 2);
    this.tail.push(buf);
    this.tailBytes += buf.length;
    while (this.tailBytes > max && this.tail.length > 0) {
      const first = this.tail[0] as Buffer;
      const excess = this.tailBytes - max;
      if (first.length <= excess) {
        this.tail.shift();
        this.tailBytes -= first.length;
        this.dropped += first.length;
      } else {
        this.tail[0] = first.subarray(excess);
        this.tailBytes -= excess;
        this.dropped += excess;
      }
    }
  }
}
