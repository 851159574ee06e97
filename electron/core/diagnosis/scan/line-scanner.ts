import type { Automaton } from './aho-corasick';

/** A line worth a closer look: it holds one of the patterns, or the caller asked for it. */
export interface ScannedLine {
  /** 1-based. */
  lineNo: number;
  /** UTF-8 decoded, without the line terminator. */
  text: string;
  /** Ids of the patterns found in it; empty for a line delivered on request. */
  patterns: readonly number[];
}

const stop = { at: -1, state: 0, lines: 0, lineStart: 0 };

/**
 * The hot loop: walks the automaton from `from` and stops at a pattern's end, or at a newline
 * when `quiet` is false (a line is pending). Newlines of quiet stretches are only counted.
 * Kept free of `this` and closures so V8 compiles it to a tight loop.
 */
function walk(table: Int32Array, classOf: Uint8Array, bytes: Uint8Array, from: number, state: number, quiet: boolean): typeof stop {
  let s = state;
  let lines = 0;
  let lineStart = -1;
  for (let i = from, n = bytes.length; i < n; i++) {
    const b = bytes[i]!;
    const v = table[s + classOf[b]!]!;
    if (v >= 0) {
      s = v;
      continue;
    }
    s = ~v;
    if (b === 10 && quiet) {
      lines++;
      lineStart = i + 1;
      continue;
    }
    stop.at = i;
    stop.state = s;
    stop.lines = lines;
    stop.lineStart = lineStart;
    return stop;
  }
  stop.at = -1;
  stop.state = s;
  stop.lines = lines;
  stop.lineStart = lineStart;
  return stop;
}

/** Longest line kept in memory; longer lines are cut (their patterns were still seen). */
export const MAX_LINE_BYTES = 256 * 1024;

/**
 * Feeds raw bytes through the automaton and hands over only the lines that hold a pattern,
 * so a gigabyte of healthy log costs one table walk and nothing else: no per-line strings,
 * no per-line regular expressions. Memory stays flat: only the unfinished last line of a
 * chunk is kept, up to MAX_LINE_BYTES.
 */
export class LineScanner {
  private state = 0;
  private lineNo = 1;
  private hits: number[] | null = null;
  private wantNext = false;
  private partial: Buffer[] = [];
  private partialBytes = 0;
  private sawPartial = false;
  private readonly table: Int32Array;
  private readonly classOf: Uint8Array;
  private readonly divisor: number;
  private lastCounted = 0;

  /**
   * `counted`: pattern ids whose lines are only counted (`onCounted`, once per line), never
   * decoded nor handed over, so the many lines of a healthy log stay on the fast path.
   */
  constructor(
    private readonly automaton: Automaton,
    private readonly onLine: (line: ScannedLine) => void,
    private readonly counted?: { ids: ReadonlySet<number>; onCounted: (lineNo: number) => void },
  ) {
    this.table = automaton.table;
    this.classOf = automaton.classOf;
    this.divisor = automaton.classCount;
  }

  /** Lines seen so far (after `end()`: all of them). */
  get lines(): number {
    return this.lineNo - 1 + (this.sawPartial ? 1 : 0);
  }

  /** Delivers the line after the current one too, whether or not it holds a pattern. */
  requestNextLine(): void {
    this.wantNext = true;
  }

  push(chunk: Uint8Array): void {
    // A plain Uint8Array view keeps the hot loop on V8's fastest typed-array path.
    const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length);
    let at = 0;
    let lineStart = 0;
    for (;;) {
      const quiet = this.hits === null && !this.wantNext && this.partialBytes === 0;
      const r = walk(this.table, this.classOf, bytes, at, this.state, quiet);
      this.state = r.state;
      this.lineNo += r.lines;
      if (r.lineStart >= 0) lineStart = r.lineStart;
      if (r.at < 0) break;
      at = r.at + 1;
      if (bytes[r.at] === 10) {
        if (this.hits !== null || this.wantNext) this.emit(bytes, lineStart, r.at);
        else this.dropPartial();
        this.lineNo++;
        lineStart = at;
      } else {
        this.addHits(this.state);
      }
    }
    this.sawPartial = lineStart < bytes.length;
    if (lineStart < bytes.length) this.keepPartial(bytes.subarray(lineStart));
  }

  /** Flushes a last line that has no newline after it. */
  end(): void {
    if (this.partialBytes && (this.hits !== null || this.wantNext)) this.emit(new Uint8Array(0), 0, 0);
    this.dropPartial();
  }

  private addHits(s: number): void {
    const ids = this.automaton.outputs[s / this.divisor];
    if (!ids) return;
    for (const id of ids) {
      if (this.counted?.ids.has(id)) {
        if (this.lastCounted !== this.lineNo) this.counted.onCounted((this.lastCounted = this.lineNo));
      } else if (this.hits === null) this.hits = [id];
      else if (!this.hits.includes(id)) this.hits.push(id);
    }
  }

  private keepPartial(bytes: Uint8Array): void {
    const room = MAX_LINE_BYTES - this.partialBytes;
    if (room <= 0) return;
    const kept = Buffer.from(bytes.subarray(0, room));
    this.partial.push(kept);
    this.partialBytes += kept.length;
  }

  private dropPartial(): void {
    this.partial = [];
    this.partialBytes = 0;
  }

  private emit(chunk: Uint8Array, start: number, end: number): void {
    let bytes: Uint8Array = chunk.subarray(start, Math.min(end, start + Math.max(0, MAX_LINE_BYTES - this.partialBytes)));
    if (this.partialBytes) bytes = Buffer.concat([...this.partial, bytes]);
    let len = bytes.length;
    if (len && bytes[len - 1] === 13) len--;
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, len).toString('utf8');
    const patterns = this.hits ?? [];
    this.hits = null;
    this.wantNext = false;
    this.dropPartial();
    this.onLine({ lineNo: this.lineNo, text, patterns });
  }
}
