/**
 * The hint scan over bytes read as latin1: the one part of redaction that reads every byte of
 * a log. The bytes are read two at a time (one 16-bit load at each even offset) and looked up
 * in a 64K table of the pairs the words hold: a word starting at an even offset is found
 * through one pair of it, a word starting at an odd offset through another (its rarest of each
 * kind, by a fixed ranking of how common characters are in logs). A regular expression
 * alternation of the same words ran several times slower in V8.
 *
 * Every function here is self-contained (no reference outside its body): worker threads run
 * their source text (scan-pool.ts).
 */

/** What a scan needs: the words, lower case, none holding another. Plain data for a worker. */
export interface HintSpec {
  words: string[];
}

export interface HintEntry {
  /** The word, as latin1 lower case bytes. */
  word: Uint8Array;
  /** Where the pair looked up sits in the word: a hit at `q` is the word at `q - offset` (-1: the pair ends with the word's first byte). */
  offset: number;
}

export interface HintTable {
  /** Each byte as latin1 `toLowerCase()` gives it (A-Z and À-Þ folded). */
  fold: Uint8Array;
  /** Pair of bytes `first | second << 8` (any case) → 1 + index of its entries in `groups`; 0: none. */
  pairs: Uint16Array;
  groups: HintEntry[][];
  /** The largest `offset`: the scan goes that far past a word found, for one that starts before it. */
  maxOffset: number;
}

export function buildHintTable(spec: HintSpec): HintTable {
  const fold = new Uint8Array(256);
  for (let c = 0; c < 256; c++) {
    const lower = String.fromCharCode(c).toLowerCase();
    fold[c] = lower.length === 1 && lower.charCodeAt(0) < 256 ? lower.charCodeAt(0) : c;
  }
  // Bytes that fold to `b`; -1 stands for any byte.
  const cases = (b: number) => {
    if (b === -1) return Array.from({ length: 256 }, (_, c) => c);
    const out: number[] = [];
    for (let c = 0; c < 256; c++) if (fold[c] === b) out.push(c);
    return out;
  };
  // Most common first; a character not listed is rarer than any listed, and "any byte" is the most common.
  const COMMON = ' etaoinsrlhdcumpgfywb.:/=-_0123456789vk,"\'xjqz()[]{}';
  const rarity = (b: number) => {
    if (b === -1) return -1;
    const at = COMMON.indexOf(String.fromCharCode(b));
    return at === -1 ? COMMON.length : at;
  };
  const pairs = new Uint16Array(1 << 16);
  const groups: HintEntry[][] = [];
  let maxOffset = 0;
  const add = (word: Uint8Array, offset: number) => {
    const first = offset === -1 ? -1 : (word[offset] as number);
    const second = offset + 1 < word.length ? (word[offset + 1] as number) : -1;
    for (const a of cases(first)) {
      for (const b of cases(second)) {
        const key = a | (b << 8);
        if (!pairs[key]) {
          groups.push([]);
          pairs[key] = groups.length;
        }
        (groups[(pairs[key] as number) - 1] as HintEntry[]).push({ word, offset });
      }
    }
    if (offset > maxOffset) maxOffset = offset;
  };
  for (const text of spec.words) {
    const lower = text.toLowerCase();
    // A character above latin1 is never in text read as latin1: such a word is never found.
    if (!lower.length || [...lower].some((ch) => ch.charCodeAt(0) > 255)) continue;
    const word = Uint8Array.from(lower, (ch) => ch.charCodeAt(0));
    // Candidate pairs by offset: inside the word, or half outside at either end (any byte there).
    const score = (offset: number) => {
      const first = offset === -1 ? -1 : (word[offset] as number);
      const second = offset + 1 < word.length ? (word[offset + 1] as number) : -1;
      return rarity(first) + rarity(second);
    };
    const best = (offsets: number[]) => offsets.reduce((a, b) => (score(b) > score(a) ? b : a));
    const even: number[] = [];
    const odd: number[] = [-1];
    for (let k = 0; k < word.length; k++) (k % 2 === 0 ? even : odd).push(k);
    // A pair wholly inside the word when there is one: half a pair matches any byte beside it.
    const inside = (offsets: number[]) => {
      const whole = offsets.filter((k) => k >= 0 && k + 1 < word.length);
      return whole.length ? whole : offsets;
    };
    add(word, best(inside(even)));
    add(word, best(inside(odd)));
  }
  return { fold, pairs, groups, maxOffset };
}

/** Index of the first word of the table in `bytes` (case-folded) at or after `from`, or -1. */
export function firstHintInBytes(bytes: Uint8Array, from: number, table: HintTable): number {
  const { fold, pairs, groups, maxOffset } = table;
  const n = bytes.length;
  // Two bytes in one load where the platform and the alignment allow it.
  const littleEndian = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
  const words = littleEndian && bytes.byteOffset % 2 === 0 ? new Uint16Array(bytes.buffer, bytes.byteOffset, n >> 1) : undefined;
  let best = -1;
  // A word starting before `best` has a pair before best + maxOffset: the scan goes that far.
  let end = n;
  for (let q = from - (from % 2); q < end; q += 2) {
    let g: number;
    if (words !== undefined && q + 1 < n) {
      g = pairs[words[q >> 1] as number] as number;
      // The common case, kept tight: no pair of any word here.
      while (g === 0 && q + 3 < end) {
        q += 2;
        g = pairs[words[q >> 1] as number] as number;
      }
    } else {
      g = pairs[(bytes[q] as number) | ((q + 1 < n ? (bytes[q + 1] as number) : 0) << 8)] as number;
    }
    if (g === 0) continue;
    for (const { word, offset } of groups[g - 1] as HintEntry[]) {
      const start = q - offset;
      if (start < from || (best !== -1 && start >= best) || start + word.length > n) continue;
      let j = 0;
      while (j < word.length && fold[bytes[start + j] as number] === word[j]) j++;
      if (j === word.length) {
        best = start;
        end = Math.min(n, start + maxOffset + 1);
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
