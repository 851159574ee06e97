import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { LOG_SIGNATURES } from './signatures';
import type { Facts, LogMatch } from './facts';

/** Longest excerpt kept for one evidence line. */
const EXCERPT_CHARS = 600;

// Colour codes a runner writes when attached to a terminal (FIELD-NOTES.md §9).
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

function excerptOf(line: string): string {
  const clean = line.replace(ANSI, '').trim();
  return clean.length > EXCERPT_CHARS ? `${clean.slice(0, EXCERPT_CHARS)}…` : clean;
}

/** Scans a log line by line (never loading it whole) and records every signature match. */
export async function scanLog(file: string, stream: Readable, facts: Facts): Promise<void> {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    for (const sig of LOG_SIGNATURES) {
      if (!line.includes(sig.hint)) continue;
      const m = sig.pattern.exec(line);
      if (!m) continue;
      const fields: Record<string, string> = {};
      for (const [k, v] of Object.entries(m.groups ?? {})) if (v !== undefined) fields[k] = v;
      const match: LogMatch = { signature: sig.id, file, line: lineNo, excerpt: excerptOf(line), fields };
      const list = facts.logMatches.get(sig.id);
      if (list) list.push(match);
      else facts.logMatches.set(sig.id, [match]);
    }
  }
}
