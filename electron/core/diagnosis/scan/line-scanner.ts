import type { Automaton } from './aho-corasick';
import { classifyLine, KIND_COUNTED, KIND_HANDOVER, linePatterns, nativeIndexOf, type SkipFilter } from './skip-filter';

/** A line worth a closer look: it holds one of the patterns, or the caller asked for it. */
export interface ScannedLine {
  /** 1-based. */
  lineNo: number;
  /** UTF-8 decoded, without the line terminator. */
  text: string;
  /** Ids of the patterns found in it; empty for a line delivered on request. */
  patterns: readonly number[];
  /**
   * Its bytes instead of `text` (left empty), from a scanner made with `bytes: true`: a view
   * valid only during the call, for a caller that passes lines on rather than reads them.
   */
  bytes?: Buffer;
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

const skipped = { at: 0, lines: 0, counted: 0, handover: -1 };

/**
 * The fast path over the whole lines of `bytes[from, to)` (`from` starts a line, `to` follows
 * a newline): counts the lines that hold only counted patterns and stops at the first line
 * that holds another pattern (its newline in `handover`, which linePatterns then reads) or a
 * native one (first at `nextNative`; `handover` -1), which the automaton then reads. Lines
 * are found with Buffer.indexOf (native); their bytes are mostly skipped.
 */
function skipLines(f: SkipFilter, bytes: Uint8Array, buffer: Buffer, from: number, to: number, nextNative: number): typeof skipped {
  let start = from;
  let lines = 0;
  let counted = 0;
  skipped.handover = -1;
  while (start < to) {
    const end = buffer.indexOf(10, start);
    if (nextNative < end) break;
    const kind = classifyLine(f, bytes, start, end);
    if (kind === KIND_HANDOVER) {
      skipped.handover = end;
      break;
    }
    if (kind === KIND_COUNTED) counted++;
    lines++;
    start = end + 1;
  }
  skipped.at = start;
  skipped.lines = lines;
  skipped.counted = counted;
  return skipped;
}

/** Longest line kept in memory; longer lines are cut (their patterns were still seen). */
export const MAX_LINE_BYTES = 256 * 1024;

/** Lines whose patterns are only counted, never decoded nor handed over. */
export interface CountedPatterns {
  ids: ReadonlySet<number>;
  /** `lines` more lines held a counted pattern; called before the next line is handed over. */
  onCounted: (lines: number) => void;
}

/**
 * Feeds raw bytes through the automaton and hands over only the lines that hold a pattern,
 * so a gigabyte of healthy log costs one pass and nothing else: no per-line strings, no
 * per-line regular expressions. With a skip filter (built from the same patterns and counted
 * ids), whole lines are classified by it, and only a line holding a native pattern, or one
 * that starts or ends a chunk or is asked for, is walked byte by byte. Memory stays flat: only
 * the unfinished last line of a chunk is kept, up to MAX_LINE_BYTES.
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
  private readonly counted?: CountedPatterns;
  private readonly filter?: SkipFilter;
  /** Per native pattern of the filter: its next place in the current chunk, -1 before looking. */
  private readonly nativeAt: number[];
  private readonly bytesOnly: boolean;

  /**
   * `counted`: pattern ids whose lines are only counted (`onCounted`, once per line), never
   * decoded nor handed over, so the many lines of a healthy log stay on the fast path.
   * `filter`: buildSkipFilter() of the automaton's patterns and the same counted ids.
   * `bytes`: lines are handed over as bytes, not decoded (ScannedLine.bytes).
   */
  constructor(
    private readonly automaton: Automaton,
    private readonly onLine: (line: ScannedLine) => void,
    options: { counted?: CountedPatterns; filter?: SkipFilter; bytes?: boolean } = {},
  ) {
    this.table = automaton.table;
    this.classOf = automaton.classOf;
    this.divisor = automaton.classCount;
    this.counted = options.counted;
    this.filter = options.filter;
    this.nativeAt = (this.filter?.natives ?? []).map(() => -1);
    this.bytesOnly = options.bytes === true;
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
    // An empty chunk would read as a line ended at the chunk's end.
    if (chunk.length === 0) return;
    // A plain Uint8Array view keeps the hot loop on V8's fastest typed-array path.
    const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length);
    const filter = this.filter;
    const buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    // The filter reads whole lines; the automaton reads the rest, a line at a time.
    const whole = filter ? bytes.lastIndexOf(10) + 1 : 0;
    this.nativeAt.fill(-1);
    let at = 0;
    let lineStart = 0;
    for (;;) {
      const quiet = this.hits === null && !this.wantNext && this.partialBytes === 0;
      if (filter && quiet && at < whole && at > 0 && bytes[at - 1] === 10) {
        const r = skipLines(filter, bytes, buffer, at, whole, this.nextNative(buffer, at));
        this.lineNo += r.lines;
        if (r.counted) this.counted?.onCounted(r.counted);
        at = lineStart = r.at;
        if (r.handover >= 0) {
          // A whole line to hand over: its patterns come from the filter's trie, not a walk.
          for (const id of linePatterns(filter, bytes, at, r.handover)) this.addHit(id);
          this.emit(bytes, at, r.handover);
          this.lineNo++;
          at = lineStart = r.handover + 1;
          continue;
        }
      }
      const r = walk(this.table, this.classOf, bytes, at, this.state, quiet && !filter);
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

  /** Where the first native pattern of the filter is at or after `from` in this chunk. */
  private nextNative(buffer: Buffer, from: number): number {
    let next = Infinity;
    const natives = this.filter!.natives;
    for (let i = 0; i < natives.length; i++) {
      let at = this.nativeAt[i]!;
      if (at < from) {
        const found = nativeIndexOf(buffer, natives[i]!, from);
        this.nativeAt[i] = at = found < 0 ? Infinity : found;
      }
      if (at < next) next = at;
    }
    return next;
  }

  private addHits(s: number): void {
    const ids = this.automaton.outputs[s / this.divisor];
    if (ids) for (const id of ids) this.addHit(id);
  }

  private addHit(id: number): void {
    if (this.counted?.ids.has(id)) {
      if (this.lastCounted !== this.lineNo) {
        this.lastCounted = this.lineNo;
        this.counted.onCounted(1);
      }
    } else if (this.hits === null) this.hits = [id];
    else if (!this.hits.includes(id)) this.hits.push(id);
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
    const view = Buffer.from(bytes.buffer, bytes.byteOffset, len);
    const patterns = this.hits ?? [];
    this.hits = null;
    this.wantNext = false;
    this.dropPartial();
    if (this.bytesOnly) this.onLine({ lineNo: this.lineNo, text: '', patterns, bytes: view });
    else this.onLine({ lineNo: this.lineNo, text: view.toString('utf8'), patterns });
  }
}
