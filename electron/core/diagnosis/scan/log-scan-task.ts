import { open } from 'node:fs/promises';
import { READ_CHUNK_BYTES } from '../../evidence/reader';
import type { Automaton } from './aho-corasick';
import { byteMatcher, passBytes, type LogEnd } from './byte-pass';
import { LineScanner } from './line-scanner';
import type { SkipFilter } from './skip-filter';

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

const matchers = new Map<string, { automaton: Automaton; filter: SkipFilter | undefined }>();

/**
 * The byte pass of one log, for a thread without the facts: it hands over every line that
 * holds a hint and, since only the matching knows whether a `withNext` signature matched, the
 * line after each line holding one of theirs (and the first line). The matching skips the
 * lines it did not ask for, so it sees what a scan on its own thread would have shown it.
 */
export async function runLogScan(task: LogScanTask, post: (message: LogScanMessage, transfer?: ArrayBuffer[]) => void, signal?: AbortSignal): Promise<void> {
  const key = JSON.stringify([task.hints, task.counted]);
  let matcher = matchers.get(key);
  if (!matcher) matchers.set(key, (matcher = byteMatcher(task.hints, new Set(task.counted))));
  const withNext = new Set(task.withNext);
  let counted = 0;
  const bytes = new BatchBytes();
  let lines: number[] = [];
  const scanner: LineScanner = new LineScanner(
    matcher.automaton,
    (line) => {
      const text = line.bytes!;
      bytes.add(text);
      lines.push(line.lineNo, text.length, counted, line.patterns.length, ...line.patterns);
      if (line.patterns.some((id) => withNext.has(id))) scanner.requestNextLine();
    },
    { counted: task.counted.length ? { ids: new Set(task.counted), onCounted: (n) => (counted += n) } : undefined, filter: matcher.filter, bytes: true },
  );
  const flush = () => {
    if (!lines.length) return;
    const batch = { bytes: bytes.take(), lines: Float64Array.from(lines) };
    post({ batch }, [batch.bytes.buffer as ArrayBuffer, batch.lines.buffer as ArrayBuffer]);
    lines = [];
  };
  // Each chunk's lines go as soon as it is scanned: the matching starts before the file is done.
  const end = await passBytes(task.file, readInTwoBuffers(task.path), scanner, signal, flush);
  flush();
  post({ done: { ...end, counted } });
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

/** Pairs of read buffers kept for the next log a thread scans. */
const freeBuffers: Buffer[][] = [];

/**
 * A file's chunks, read into two buffers in turn (the byte pass looks back one chunk), kept for
 * the next file. A worker whose scan allocates almost nothing collects a fresh buffer per chunk
 * only after tens of megabytes have piled up.
 */
async function* readInTwoBuffers(path: string): AsyncGenerator<Buffer> {
  const buffers = freeBuffers.pop() ?? [Buffer.allocUnsafe(READ_CHUNK_BYTES), Buffer.allocUnsafe(READ_CHUNK_BYTES)];
  const file = await open(path, 'r').catch((err: unknown) => {
    freeBuffers.push(buffers);
    throw err;
  });
  try {
    for (let turn = 0; ; turn ^= 1) {
      const buffer = buffers[turn]!;
      const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    freeBuffers.push(buffers);
    await file.close();
  }
}
