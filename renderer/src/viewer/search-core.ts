import type { AnsiSpan } from './ansi';

/** Index of the first match >= line (matches.length when none): matches are sorted, so a binary search. */
function lowerBound(matches: readonly number[], line: number): number {
  let lo = 0;
  let hi = matches.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (matches[mid]! < line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Where to go from `line` (the keyboard's line): 'from' is the first match at or after it (a new
 * search), 'next' the first after it, 'previous' the last before it; the file's ends wrap around.
 * -1 when nothing matches.
 */
export function matchFrom(matches: readonly number[], line: number, move: 'from' | 'next' | 'previous'): number {
  if (matches.length === 0) return -1;
  if (move === 'previous') {
    const before = lowerBound(matches, line) - 1;
    return before >= 0 ? before : matches.length - 1;
  }
  const at = lowerBound(matches, move === 'next' ? line + 1 : line);
  return at < matches.length ? at : 0;
}

/** Index of `line` among the matches, or -1: a sorted list, so a binary search. */
export function indexOfLine(matches: readonly number[], line: number): number {
  let lo = 0;
  let hi = matches.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = matches[mid]!;
    if (at === line) return mid;
    if (at < line) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

export interface MarkedSpan extends AnsiSpan {
  /** This run of text is (part of) a search match. */
  match?: boolean;
}

/**
 * Splits coloured spans where the query occurs (ignoring case), so a match can be marked
 * without losing the line's colours, even when it straddles two colours.
 */
export function markMatches(spans: readonly AnsiSpan[], query: string): MarkedSpan[] {
  if (!query) return [...spans];
  const text = spans.map((s) => s.text).join('');
  const lower = text.toLowerCase();
  const needle = query.toLowerCase();
  // Lower-casing may change a string's length (a few scripts); then the marks would be off: mark nothing.
  if (lower.length !== text.length) return [...spans];
  const ranges: [number, number][] = [];
  for (let at = lower.indexOf(needle); at !== -1 && needle; at = lower.indexOf(needle, at + needle.length)) ranges.push([at, at + needle.length]);
  if (ranges.length === 0) return [...spans];
  const out: MarkedSpan[] = [];
  let offset = 0;
  for (const span of spans) {
    const start = offset;
    const end = offset + span.text.length;
    offset = end;
    let at = start;
    for (const [from, to] of ranges) {
      if (to <= at || from >= end) continue;
      if (from > at) out.push({ ...span, text: text.slice(at, from) });
      const stop = Math.min(to, end);
      out.push({ ...span, text: text.slice(Math.max(from, at), stop), match: true });
      at = stop;
    }
    if (at < end) out.push({ ...span, text: text.slice(at, end) });
  }
  return out;
}
