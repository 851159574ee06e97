import type { Readable } from 'node:stream';
import type { LogSpan } from '../facts';
import { buildAutomaton, type Automaton } from './aho-corasick';
import { excerptOf, stripAnsi, timeOf } from './fields';
import type { LineScanner } from './line-scanner';
import { buildSkipFilter, type SkipFilter } from './skip-filter';
import { releaseChunk } from '../../evidence/chunk-pool';

/*
 * The byte pass of a log scan: what reads every byte. It needs no signatures (only their
 * hints), so it runs the same on the calling thread and in a worker (log-scan-worker.ts).
 */

/** The automaton and skip filter of a hint set: the same on the calling thread and in a worker. */
export function byteMatcher(hints: readonly string[], counted: ReadonlySet<number>): { automaton: Automaton; filter: SkipFilter | undefined } {
  return { automaton: buildAutomaton(hints), filter: buildSkipFilter(hints, counted) };
}

/** The log's last non-empty line, if it carries a time, from `text` that ends the log, whose last line is number `lines`. */
function lastTimedLineOf(file: string, text: string, lines: number): LogSpan['end'] {
  const split = text.split('\n');
  let i = split.length - 1;
  let lineNo = lines;
  if (split[i] === '') i--;
  for (; i >= 0; i--, lineNo--) {
    const line = split[i]!.replace(/\r$/, '');
    if (!line.trim()) continue;
    return timedLine(file, line, lineNo);
  }
  return undefined;
}

function timedLine(file: string, line: string, lineNo: number): LogSpan['end'] {
  const time = timeOf(stripAnsi(line));
  return time && lineNo > 0 ? { file, line: lineNo, excerpt: excerptOf(line), time } : undefined;
}

/**
 * The log's last non-empty line, when it carries a time: when the log last grew. `previous`
 * and `current` are the last two chunks of the log, whose last line is number `lines`. Lines
 * are decoded one at a time from the end, not the whole two megabytes; only when the lines
 * left reach back into `previous` are both decoded whole, as they always were.
 */
function lastTimedLine(file: string, previous: Buffer | undefined, current: Buffer, lines: number): LogSpan['end'] {
  let end = current.length;
  // A newline ending the log ends its last line; it starts no line of its own.
  if (current[end - 1] === 10) end--;
  for (let lineNo = lines; ; lineNo--) {
    // A newline never occurs inside a UTF-8 sequence: a line decodes alone as it does in the whole.
    const nl = end > 0 ? current.lastIndexOf(10, end - 1) : -1;
    if (nl === -1 && previous) return lastTimedLineOf(file, Buffer.concat([previous, current]).toString('utf8'), lines);
    const line = current.toString('utf8', nl + 1, end).replace(/\r$/, '');
    if (line.trim()) return timedLine(file, line, lineNo);
    if (nl === -1) return undefined;
    end = nl;
  }
}

/** What the byte pass over a whole log tells at its end. */
export interface LogEnd {
  lines: number;
  end: LogSpan['end'];
}

/**
 * The byte pass over a log: every chunk through `scanner`, then the line count and the last
 * timed line. The same on the calling thread and in a worker, so both find the same.
 * `afterChunk` runs once each chunk is scanned. Only the last two chunks are read after the
 * next one is scanned, so a reader may reuse two buffers; chunks of the chunk pool are given
 * back once read, so the stream must be their last reader.
 */
export async function passBytes(file: string, stream: Readable | AsyncIterable<Buffer>, scanner: LineScanner, signal?: AbortSignal, afterChunk?: () => void): Promise<LogEnd> {
  // The first line, for the time the log starts.
  scanner.requestNextLine();
  // The last two chunks, kept by reference: the log's last line and its time are read from them.
  let previous: Buffer | undefined;
  let current: Buffer | undefined;
  for await (const chunk of stream) {
    if (signal?.aborted) {
      if ('destroy' in stream) stream.destroy();
      throw signal.reason instanceof Error ? signal.reason : new Error('Cancelled');
    }
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    scanner.push(bytes);
    afterChunk?.();
    // Read no more (the scanner copies what it keeps): a chunk of the chunk pool goes back to
    // it for the next read, instead of a fresh megabyte for the garbage collector per read.
    if (previous) releaseChunk(previous);
    previous = current;
    current = bytes;
  }
  scanner.end();
  const lines = scanner.lines;
  const end = current && lastTimedLine(file, previous, current, lines);
  for (const chunk of [previous, current]) if (chunk) releaseChunk(chunk);
  return { lines, end };
}

