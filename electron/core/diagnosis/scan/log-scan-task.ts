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
 * Lines the byte pass handed over since the last batch, compact to copy between threads and
 * to hold: their texts joined by newlines (a line's text holds none), and per line in `lines`
 * its number, the lines counted (LogSpan.successes) before it, how many patterns it holds and
 * their ids.
 */
export interface LineBatch {
  texts: string;
  lines: Float64Array;
}

export type LogScanMessage = { batch: LineBatch } | { done: LogEnd & { counted: number } };

const matchers = new Map<string, { automaton: Automaton; filter: SkipFilter | undefined }>();

/**
 * The byte pass of one log, for a thread without the facts: it hands over every line that
 * holds a hint and, since only the matching knows whether a `withNext` signature matched, the
 * line after each line holding one of theirs (and the first line). The matching skips the
 * lines it did not ask for, so it sees what a scan on its own thread would have shown it.
 */
export async function runLogScan(task: LogScanTask, post: (message: LogScanMessage) => void, signal?: AbortSignal): Promise<void> {
  const key = JSON.stringify([task.hints, task.counted]);
  let matcher = matchers.get(key);
  if (!matcher) matchers.set(key, (matcher = byteMatcher(task.hints, new Set(task.counted))));
  const withNext = new Set(task.withNext);
  let counted = 0;
  const texts: string[] = [];
  let lines: number[] = [];
  const scanner: LineScanner = new LineScanner(
    matcher.automaton,
    (line) => {
      texts.push(line.text);
      lines.push(line.lineNo, counted, line.patterns.length, ...line.patterns);
      if (line.patterns.some((id) => withNext.has(id))) scanner.requestNextLine();
    },
    { counted: task.counted.length ? { ids: new Set(task.counted), onCounted: (n) => (counted += n) } : undefined, filter: matcher.filter },
  );
  const flush = () => {
    if (!texts.length) return;
    post({ batch: { texts: texts.join('\n'), lines: Float64Array.from(lines) } });
    texts.length = 0;
    lines = [];
  };
  // Each chunk's lines go as soon as it is scanned: the matching starts before the file is done.
  const end = await passBytes(task.file, readInTwoBuffers(task.path), scanner, signal, flush);
  flush();
  post({ done: { ...end, counted } });
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
