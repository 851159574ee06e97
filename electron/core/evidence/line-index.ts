import type { Readable } from 'node:stream';

/** Every this many lines the index remembers where a line starts, so a page never scans further. */
export const INDEX_STRIDE = 1000;

const NEWLINE = 0x0a;
const CR = 0x0d;

/**
 * Where every `stride`-th line of a file starts. Lines end at '\n' (a '\r' before it is not part
 * of the line); a final '\n' ends the last line rather than starting an empty one.
 */
export interface LineIndex {
  totalLines: number;
  bytes: number;
  stride: number;
  /** offsets[k] is the byte offset of line k*stride+1 (1-based lines). */
  offsets: readonly number[];
}

/** Builds a LineIndex from chunks as they stream past; memory is one number per `stride` lines. */
export class LineIndexBuilder {
  private readonly offsets: number[] = [0];
  private newlines = 0;
  private bytes = 0;
  private lastByte = -1;

  constructor(private readonly stride = INDEX_STRIDE) {
    if (!Number.isInteger(stride) || stride < 1) throw new Error(`Line index stride must be a positive integer, not ${stride}`);
  }

  push(chunk: Buffer): void {
    for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, at + 1)) {
      this.newlines++;
      if (this.newlines % this.stride === 0) this.offsets.push(this.bytes + at + 1);
    }
    if (chunk.length > 0) this.lastByte = chunk[chunk.length - 1]!;
    this.bytes += chunk.length;
  }

  finish(): LineIndex {
    const unterminated = this.bytes > 0 && this.lastByte !== NEWLINE ? 1 : 0;
    const totalLines = this.newlines + unterminated;
    // An offset recorded for the line after a final newline points at no line: drop it.
    const offsets = this.offsets.filter((_, k) => k === 0 || k * this.stride < totalLines);
    return { totalLines, bytes: this.bytes, stride: this.stride, offsets };
  }
}

/** One streaming pass over a file; the stream is consumed to its end. */
export async function buildLineIndex(stream: Readable, stride = INDEX_STRIDE): Promise<LineIndex> {
  const builder = new LineIndexBuilder(stride);
  for await (const chunk of stream) builder.push(toBuffer(chunk));
  return builder.finish();
}

/** Opens the indexed file at a byte offset (a ranged read). */
export type OpenAt = (byteOffset: number) => Readable;

/**
 * Lines `from`..`from+count-1` (1-based): seeks to the nearest indexed line at or before `from`,
 * so no page reads more than `stride - 1` lines it does not return.
 */
export async function readPage(index: LineIndex, openAt: OpenAt, from: number, count: number): Promise<string[]> {
  if (!Number.isInteger(from) || from < 1) throw new Error(`fromLine must be a positive integer, not ${from}`);
  if (!Number.isInteger(count) || count < 0) throw new Error(`count must be a non-negative integer, not ${count}`);
  const last = Math.min(index.totalLines, from + count - 1);
  if (from > last) return [];
  const slot = Math.min(Math.floor((from - 1) / index.stride), index.offsets.length - 1);
  let lineNo = slot * index.stride + 1;
  const stream = openAt(index.offsets[slot]!);
  const lines: string[] = [];
  let pending: Buffer[] = [];
  try {
    for await (const raw of stream) {
      const chunk = toBuffer(raw);
      let start = 0;
      for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, start)) {
        if (lineNo >= from) lines.push(decodeLine(pending, chunk.subarray(start, at)));
        pending = [];
        start = at + 1;
        if (++lineNo > last) return lines;
      }
      // Only the lines we return are kept; skipped lines cost a newline search and nothing else.
      if (lineNo >= from && start < chunk.length) pending.push(chunk.subarray(start));
    }
    if (lineNo === last) lines.push(decodeLine(pending, Buffer.alloc(0)));
    return lines;
  } finally {
    stream.destroy();
  }
}

function decodeLine(pending: Buffer[], tail: Buffer): string {
  const bytes = pending.length ? Buffer.concat([...pending, tail]) : tail;
  const end = bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.length - 1 : bytes.length;
  return bytes.toString('utf8', 0, end);
}

function toBuffer(chunk: unknown): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
}
