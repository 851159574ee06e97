/**
 * The hint scan over bytes read as latin1: the one part of redaction that reads every byte of
 * a log. Each word is looked up through one pair of its characters (its rarest, by a fixed
 * ranking of how common characters are in logs) in a 64K table, so the scan is one table load
 * per byte; a regular expression alternation of ~40 words ran ten times slower in V8.
 *
 * Every function here is self-contained (no reference outside its body): worker threads run
 * their source text (scan-pool.ts).
 */

/** What a scan needs: the words, lower case, none holding another. Plain data for a worker. */
export interface HintSpec {
  words: string[];
}

export interface HintTable {
  /** Each byte as latin1 `toLowerCase()` gives it (A-Z and À-Þ folded). */
  fold: Uint8Array;
  /** Folded pair `a << 8 | b` → 1 + index of its group in `groups`; 0: no word is looked up through it. */
  pair: Uint16Array;
  /** The words looked up through one pair: their bytes and where the pair sits in them. */
  groups: { word: Uint8Array; offset: number }[][];
  /** One-character words, by their byte. */
  single: Uint8Array;
  /** The largest offset of a pair in its word. */
  maxOffset: number;
}

export function buildHintTable(spec: HintSpec): HintTable {
  const fold = new Uint8Array(256);
  for (let c = 0; c < 256; c++) {
    const lower = String.fromCharCode(c).toLowerCase();
    fold[c] = lower.length === 1 && lower.charCodeAt(0) < 256 ? lower.charCodeAt(0) : c;
  }
  // Most common first; a character not listed is rarer than any listed.
  const COMMON = ' etaoinsrlhdcumpgfywb.:/=-_0123456789vk,"\'xjqz()[]{}';
  const rarity = (c: number) => {
    const at = COMMON.indexOf(String.fromCharCode(c));
    return at === -1 ? COMMON.length : at;
  };
  const pair = new Uint16Array(1 << 16);
  const single = new Uint8Array(256);
  const groups: { word: Uint8Array; offset: number }[][] = [];
  let maxOffset = 0;
  for (const text of spec.words) {
    const lower = text.toLowerCase();
    // A character above latin1 is never in text read as latin1: such a word is never found.
    if (!lower.length || [...lower].some((ch) => ch.charCodeAt(0) > 255)) continue;
    const word = Uint8Array.from(lower, (ch) => ch.charCodeAt(0));
    if (word.length === 1) {
      single[word[0] as number] = 1;
      continue;
    }
    let offset = 0;
    for (let k = 1; k + 1 < word.length; k++) {
      if (rarity(word[k] as number) + rarity(word[k + 1] as number) > rarity(word[offset] as number) + rarity(word[offset + 1] as number)) offset = k;
    }
    const key = ((word[offset] as number) << 8) | (word[offset + 1] as number);
    if (!pair[key]) {
      groups.push([]);
      pair[key] = groups.length;
    }
    (groups[(pair[key] as number) - 1] as { word: Uint8Array; offset: number }[]).push({ word, offset });
    if (offset > maxOffset) maxOffset = offset;
  }
  return { fold, pair, groups, single, maxOffset };
}

/** Index of the first word of the table in `bytes` (case-folded) at or after `from`, or -1. */
export function firstHintInBytes(bytes: Uint8Array, from: number, table: HintTable): number {
  const { fold, pair, groups, single, maxOffset } = table;
  const n = bytes.length;
  let best = -1;
  // A word starting before `best` has its pair before best + maxOffset: the scan goes that far.
  let end = n;
  let a = from < n ? (fold[bytes[from] as number] as number) : 0;
  for (let p = from; p < end; p++) {
    if (single[a] !== 0 && (best === -1 || p < best)) {
      best = p;
      end = Math.min(n, p + maxOffset);
    }
    if (p + 1 >= n) break;
    const b = fold[bytes[p + 1] as number] as number;
    const g = pair[(a << 8) | b] as number;
    a = b;
    if (g === 0) continue;
    for (const { word, offset } of groups[g - 1] as { word: Uint8Array; offset: number }[]) {
      const start = p - offset;
      if (start < from || (best !== -1 && start >= best) || start + word.length > n) continue;
      let j = 0;
      while (j < word.length && fold[bytes[start + j] as number] === word[j]) j++;
      if (j === word.length) {
        best = start;
        end = Math.min(n, start + maxOffset);
      }
    }
  }
  return best;
}

type FirstHint = (bytes: Uint8Array, from: number, table: HintTable) => number;

/**
 * Offsets where the lines of `bytes` that hold a hint start: what the stream redactor needs
 * to copy everything else through untouched. The scan comes as an argument, so that a worker
 * thread can run this function's source text.
 */
export function hintedLineStartsInBytes(bytes: Uint8Array, table: HintTable, firstHint: FirstHint): number[] {
  const starts: number[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const hit = firstHint(bytes, pos, table);
    if (hit === -1) break;
    // A typed array's lastIndexOf counts a negative start from the end: the first line is 0.
    starts.push(hit === 0 ? 0 : bytes.lastIndexOf(10, hit - 1) + 1);
    const nl = bytes.indexOf(10, hit);
    if (nl === -1) break;
    pos = nl + 1;
  }
  return starts;
}
