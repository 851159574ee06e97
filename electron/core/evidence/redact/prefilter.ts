import { buildHintTable, firstHintInBytes, hintedLineStartsInBytes, type HintSpec, type HintTable } from './hint-scan';

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/**
 * The words as one alternation, grouped by their first two characters: measured on runner
 * logs, V8 scans this form faster than a plain list or a deeper trie.
 */
function groupedRegex(words: readonly string[]): string {
  const groups = new Map<string, string[]>();
  for (const w of words) groups.set(w.slice(0, 2), [...(groups.get(w.slice(0, 2)) ?? []), w.slice(2)]);
  return [...groups]
    .map(([head, tails]) => (tails.length === 1 ? escape(head + (tails[0] ?? '')) : `${escape(head)}(?:${tails.map(escape).join('|')})`))
    .join('|');
}

/**
 * Words shorter than this are searched with indexOf: one word of one or two characters in
 * the alternation stops V8 from skipping ahead over text, and the whole scan slows to a crawl.
 */
const SKIPPABLE = 3;

/** What a scan of lower-cased text needs. */
interface TextHintSpec {
  /** Source of the alternation of the words of SKIPPABLE characters or more. */
  long: string;
  /** The shorter words. */
  short: string[];
}

/** Index of the first word of `spec` in `lower` at or after `from`, or -1. */
function firstHintIn(lower: string, from: number, spec: TextHintSpec, cache: { re?: RegExp; lower?: string; found?: number[]; after?: number[] }): number {
  if (!cache.re) cache.re = new RegExp(spec.long || '(?!)', 'g');
  if (cache.lower !== lower) {
    cache.lower = lower;
    cache.found = spec.short.map(() => -2);
    cache.after = spec.short.map(() => 0);
  }
  const re = cache.re;
  re.lastIndex = from;
  const m = re.exec(lower);
  let best = m ? m.index : -1;
  const found = cache.found as number[];
  const after = cache.after as number[];
  for (let i = 0; i < spec.short.length; i++) {
    // The first occurrence at or after `after[i]` is `found[i]`: still right for any later `from` up to it.
    let at = found[i] as number;
    if (at === -2 || from < (after[i] as number) || (at !== -1 && at < from)) {
      at = lower.indexOf(spec.short[i] as string, from);
      found[i] = at;
      after[i] = from;
    }
    if (at !== -1 && (best === -1 || at < best)) best = at;
  }
  return best;
}

/**
 * Finds where a secret may start, so that text without any hint (most of a log) is copied
 * through without being split into lines or run through the rules. Bytes are scanned by
 * hint-scan.ts; text (a line, a message) by a regular expression: the same words, the same answers.
 */
export class Prefilter {
  private readonly anyCaseRe: RegExp;
  private readonly textSpec: TextHintSpec;
  readonly spec: HintSpec;
  private table: HintTable | undefined;
  private readonly cache = {};

  constructor(hints: readonly string[]) {
    const words = [...new Set(hints.map((w) => w.toLowerCase()))];
    // A word holding another word is found through it (the line is what matters).
    const needed = words.filter((w) => !words.some((o) => o !== w && w.includes(o)));
    this.anyCaseRe = new RegExp(groupedRegex(needed), 'gi');
    this.textSpec = { long: groupedRegex(needed.filter((w) => w.length >= SKIPPABLE)), short: needed.filter((w) => w.length < SKIPPABLE) };
    this.spec = { words: needed };
  }

  /** Where the lines of `bytes` (read as latin1) that hold a hint start. */
  lineStartsInBytes(bytes: Uint8Array): number[] {
    this.table ??= buildHintTable(this.spec);
    return hintedLineStartsInBytes(bytes, this.table, firstHintInBytes);
  }

  /**
   * Index of the first hint at or after `from`. `lower` is `text.toLowerCase()` when the
   * caller has it (lower-casing a whole chunk once is cheap; a case-insensitive scan is not).
   */
  next(text: string, from: number, lower?: string): number {
    if (lower !== undefined && lower.length === text.length) return firstHintIn(lower, from, this.textSpec, this.cache);
    this.anyCaseRe.lastIndex = from;
    const m = this.anyCaseRe.exec(text);
    return m ? m.index : -1;
  }
}
