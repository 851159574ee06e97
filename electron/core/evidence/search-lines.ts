import type { Readable } from 'node:stream';
import { stripSgr } from '../../../shared/ansi';
import { throwIfAborted } from '../util/abort';

export interface LineSearch {
  /** 1-based numbers of the lines holding the query, ascending; at most `limit` of them. */
  lines: number[];
  /** More lines match than were returned. */
  truncated: boolean;
}

const NEWLINE = 0x0a;

/**
 * Lines of a stream that contain `query`, ignoring case and ANSI colour codes (the text as the
 * viewer shows it). One streaming pass, a chunk at a time: memory is a chunk plus the line
 * numbers found, and the event loop is free between chunks, so a 1M-line log never blocks.
 */
export async function searchLines(stream: Readable, query: string, options: { limit: number; signal?: AbortSignal }): Promise<LineSearch> {
  const needle = query.toLowerCase();
  const lines: number[] = [];
  if (!needle) {
    stream.destroy();
    return { lines, truncated: false };
  }
  /** Line number of the first line in `carry` + the chunk being read. */
  let lineNo = 1;
  let carry: Buffer = Buffer.alloc(0);
  const scan = (text: string): boolean => {
    const haystack = stripSgr(text).toLowerCase();
    let lineStart = 0;
    let at = haystack.indexOf(needle);
    while (at !== -1) {
      // Count the newlines between the previous line found and this hit.
      for (let nl = haystack.indexOf('\n', lineStart); nl !== -1 && nl < at; nl = haystack.indexOf('\n', lineStart)) {
        lineNo++;
        lineStart = nl + 1;
      }
      if (lines.length === options.limit) return true;
      lines.push(lineNo);
      // One hit per line: go on from the next line.
      const end = haystack.indexOf('\n', at);
      if (end === -1) return false;
      lineNo++;
      lineStart = end + 1;
      at = haystack.indexOf(needle, lineStart);
    }
    for (let nl = haystack.indexOf('\n', lineStart); nl !== -1; nl = haystack.indexOf('\n', nl + 1)) lineNo++;
    return false;
  };
  try {
    for await (const raw of stream) {
      throwIfAborted(options.signal);
      const chunk = typeof raw === 'string' ? Buffer.from(raw) : (raw as Buffer);
      const data = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      // Whole lines only: a line (or a multi-byte character) cut by the chunk waits for the next one.
      const cut = data.lastIndexOf(NEWLINE);
      if (cut === -1) {
        carry = data;
        continue;
      }
      carry = Buffer.from(data.subarray(cut + 1));
      if (scan(data.toString('utf8', 0, cut + 1))) return { lines, truncated: true };
    }
    if (carry.length && scan(carry.toString('utf8'))) return { lines, truncated: true };
    return { lines, truncated: false };
  } finally {
    stream.destroy();
  }
}
