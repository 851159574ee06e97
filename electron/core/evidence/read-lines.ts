import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/** Lines `from`..`from+count-1` (1-based) of a stream, reading no further than needed. */
export async function readLines(stream: Readable, from: number, count: number): Promise<string[]> {
  const lines: string[] = [];
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const line of rl) {
      n++;
      if (n < from) continue;
      lines.push(line);
      if (lines.length >= count) break;
    }
  } finally {
    rl.close();
    stream.destroy();
  }
  return lines;
}
