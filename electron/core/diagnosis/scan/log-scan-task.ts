import { open } from 'node:fs/promises';
import { READ_CHUNK_BYTES } from '../../evidence/reader';
import { byteMatcher, passBytes, type LogEnd } from './byte-pass';
import { LineScanner, type ScannedLine } from './line-scanner';

/** The byte pass's half of a set of signatures: plain data, what a worker thread is given. */
export interface HintSet {
  hints: string[];
  /** Pattern ids whose lines are only counted. */
  counted: number[];
  /** Pattern ids a `withNext` signature owns: the line after theirs may be wanted. */
  withNext: number[];
}

export interface LogScanTask extends HintSet {
  /** The file on disk. */
  path: string;
  /** Its name in findings. */
  file: string;
}

/**
 * Lines the byte pass handed over since the last batch, compact to move between threads and to
 * hold: their bytes back to back, undecoded, and per line in `lines` its number, its length in
 * `bytes`, the lines counted (LogSpan.successes) before it, how many patterns it holds and
 * their ids. Both are moved (transferred) to the matching thread, not copied.
 */
export interface LineBatch {
  bytes: Uint8Array;
  lines: Float64Array;
}

/** Posted to a scan's worker to stop it at its next chunk (a scan no longer wanted). */
export const STOP_SCAN = 'stop';

export type LogScanMessage = { batch: LineBatch } | { done: LogEnd & { counted: number } };

const matchers = new Map<string, ByteMatcher>();

/**
 * The byte pass of one log, for a thread without the facts: it hands over every line that
 * holds a hint and, since only the matching knows whether a `withNext` signature matched, the
 * line after each line holding one of theirs (and the first line). The matching skips the
 * lines it did not ask for, so it sees what a scan on its own thread would have shown it.
 */
export async function runLogScan(task: LogScanTask, post: (message: LogScanMessage, transfer?: ArrayBuffer[]) => void, signal?: AbortSignal): Promise<void> {
  const matcher = matcherOf(task);
  let counted = 0;
  const bytes = new BatchBytes();
  let lines: number[] = [];
  const scanner = byteScanner(
    matcher,
    task,
    (line) => {
      const text = line.bytes!;
      bytes.add(text);
      lines.push(line.lineNo, text.length, counted, line.patterns.length, ...line.patterns);
    },
    (n) => (counted += n),
  );
  const flush = () => {
    if (!lines.length) return;
    const batch = { bytes: bytes.take(), lines: Float64Array.from(lines) };
    post({ batch }, [batch.bytes.buffer as ArrayBuffer, batch.lines.buffer as ArrayBuffer]);
    lines = [];
  };
  // Each chunk's lines go as soon as it is scanned: the matching starts before the file is done.
  const end = await passBytes(task.file, readAhead(task.path), scanner, signal, flush);
  flush();
  post({ done: { ...end, counted } });
}

type ByteMatcher = ReturnType<typeof byteMatcher>;

/** The automaton and skip filter of `set`, built and primed once per thread. */
function matcherOf(set: HintSet): ByteMatcher {
  const key = JSON.stringify([set.hints, set.counted]);
  let matcher = matchers.get(key);
  if (!matcher) {
    matchers.set(key, (matcher = byteMatcher(set.hints, new Set(set.counted))));
    primeByteMatcher(matcher, set);
  }
  return matcher;
}

/**
 * The byte pass's scanner over a log of `set`: the lines that hold a hint go to `onLine` as
 * bytes, and after each line holding a pattern a `withNext` signature owns, the next line too.
 */
function byteScanner(matcher: ByteMatcher, set: HintSet, onLine: (line: ScannedLine) => void, onCounted: (lines: number) => void): LineScanner {
  const withNext = new Set(set.withNext);
  const scanner: LineScanner = new LineScanner(
    matcher.automaton,
    (line) => {
      onLine(line);
      if (line.patterns.some((id) => withNext.has(id))) scanner.requestNextLine();
    },
    { counted: set.counted.length ? { ids: new Set(set.counted), onCounted } : undefined, filter: matcher.filter, bytes: true },
  );
  return scanner;
}

/**
 * A text that takes every path of the byte pass: each hint on a line of its own between lines
 * holding none, a line ended by CRLF, and a last line with no newline; scanned in two chunks,
 * the second starting inside a line.
 */
export function byteMatcherPrimer(set: HintSet): Buffer {
  const lines = set.hints.flatMap((hint, i) => ['2025-01-01T00:00:00.000Z nothing to see on this line, move on', `2025-01-01T00:00:01.000Z a ${hint} b ${i}`]);
  return Buffer.from(`${lines.join('\n')}\r\nthe last line`);
}

/**
 * Runs a new matcher's byte pass over byteMatcherPrimer's text before the first log, its lines
 * dropped: V8 then optimises the scanner's loops with every path seen, instead of throwing
 * their optimised code away and making it again each time a log takes a path it had not seen.
 */
function primeByteMatcher(matcher: ByteMatcher, set: HintSet): void {
  const scanner = byteScanner(matcher, set, () => undefined, () => undefined);
  const text = byteMatcherPrimer(set);
  const half = text.length >> 1;
  scanner.push(text.subarray(0, half));
  scanner.push(text.subarray(half));
  scanner.end();
}

/** The bytes of a batch's lines, gathered in one buffer kept for the next batches. */
class BatchBytes {
  private buffer = Buffer.allocUnsafe(64 * 1024);
  private used = 0;

  add(bytes: Uint8Array): void {
    if (this.used + bytes.length > this.buffer.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.used + bytes.length));
      this.buffer.copy(bigger, 0, 0, this.used);
      this.buffer = bigger;
    }
    this.buffer.set(bytes, this.used);
    this.used += bytes.length;
  }

  /** The bytes gathered, in a buffer of their own to move to another thread; empty again. */
  take(): Uint8Array {
    const taken = new Uint8Array(this.buffer.subarray(0, this.used));
    this.used = 0;
    return taken;
  }
}

/** Sets of read buffers kept for the next log a thread scans. */
const freeBuffers: Buffer[][] = [];

/**
 * A file's chunks, read into three buffers in turn, kept for the next file: while one chunk is
 * scanned the next is already being read, and the byte pass looks back one chunk. A worker
 * whose scan allocates almost nothing collects a fresh buffer per chunk only after tens of
 * megabytes have piled up.
 */
async function* readAhead(path: string): AsyncGenerator<Buffer> {
  const buffers = freeBuffers.pop() ?? [0, 1, 2].map(() => Buffer.allocUnsafe(READ_CHUNK_BYTES));
  const file = await open(path, 'r').catch((err: unknown) => {
    freeBuffers.push(buffers);
    throw err;
  });
  const read = (buffer: Buffer) => {
    const reading = file.read(buffer, 0, buffer.length, null);
    // Its failure is thrown where it is awaited, not reported as unhandled meanwhile.
    reading.catch(() => undefined);
    return reading;
  };
  let next = read(buffers[0]!);
  try {
    for (let turn = 0; ; turn = (turn + 1) % 3) {
      const { bytesRead } = await next;
      if (bytesRead === 0) return;
      // The buffer read into now held the chunk before the previous one: no longer looked at.
      next = read(buffers[(turn + 1) % 3]!);
      yield buffers[turn]!.subarray(0, bytesRead);
    }
  } finally {
    // A read still under way ends before its buffer or the file is let go.
    await next.catch(() => undefined);
    freeBuffers.push(buffers);
    await file.close();
  }
}
