/**
 * The hint scan over bytes read as latin1: the one part of redaction that reads every byte of
 * a log. The bytes are read two at a time (one 16-bit load at each even offset), and four bytes
 * at a time are tested: a word starting at an even offset is found through one window of four
 * bytes of it, a word starting at an odd offset through another (a byte of a window outside
 * the word counts as any byte). A 64K table gives each pair of bytes the classes of the windows
 * it may start and those it may end; only where the two meet are the words checked. On runner
 * logs that is about one even offset in eighty, where a table of pairs alone (one pair of each
 * word) sent one in thirteen to the check, and each check is a branch mispredicted. A regular
 * expression alternation of the same words ran several times slower in V8.
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
  /** Where its window starts in the word: a window found at `q` is the word at `q - offset` (-1: one byte before the word). */
  offset: number;
  /** The window's class: one bit of the 16 (see HintTable.windows). */
  bit: number;
}

export interface HintTable {
  /** Each byte as latin1 `toLowerCase()` gives it (A-Z and À-Þ folded). */
  fold: Uint8Array;
  /** Pair of bytes `first | second << 8` (any case) → 1 + index in `groups` of the windows that start with it; 0: none. */
  pairs: Uint16Array;
  groups: HintEntry[][];
  /**
   * Pair of bytes → the classes of the windows it may start (low 16 bits) and end (high 16
   * bits). Four bytes at an even offset may hold a word's window only if the classes of their
   * first pair and of their second pair meet.
   */
  windows: Int32Array;
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
  // Most common first; a character not listed is rarer than any listed.
  const COMMON = ' etaoinsrlhdcumpgfywb.:/=-_0123456789vk,"\'xjqz()[]{}';
  const rarity = (b: number) => {
    const at = COMMON.indexOf(String.fromCharCode(b));
    return at === -1 ? COMMON.length : at;
  };
  const pairs = new Uint16Array(1 << 16);
  const windows = new Int32Array(1 << 16);
  const groups: HintEntry[][] = [];
  let maxOffset = 0;
  let classes = 0;
  // Whether a window ends in two bytes of anything: its class then ends at every pair.
  let endsAnywhere = false;
  const add = (word: Uint8Array, offset: number) => {
    // The window's four bytes; -1 (any byte) outside the word.
    const at = (k: number) => (k >= 0 && k < word.length ? (word[k] as number) : -1);
    // Such a window passes on its first pair alone: a class of its own, so that no other
    // window's first pair passes everywhere with it.
    const short = at(offset + 2) === -1 && at(offset + 3) === -1;
    const bit = short ? 1 : 1 << (1 + (classes++ % 15));
    const entry = { word, offset, bit };
    const seconds = cases(at(offset + 1));
    for (const a of cases(at(offset))) {
      for (const b of seconds) {
        const key = a | (b << 8);
        if (!pairs[key]) {
          groups.push([]);
          pairs[key] = groups.length;
        }
        (groups[(pairs[key] as number) - 1] as HintEntry[]).push(entry);
        windows[key] = (windows[key] as number) | bit;
      }
    }
    if (short) endsAnywhere = true;
    else {
      const fourths = cases(at(offset + 3));
      for (const a of cases(at(offset + 2))) {
        for (const b of fourths) windows[a | (b << 8)] = (windows[a | (b << 8)] as number) | (bit << 16);
      }
    }
    if (offset > maxOffset) maxOffset = offset;
  };
  for (const text of spec.words) {
    const lower = text.toLowerCase();
    // A character above latin1 is never in text read as latin1: such a word is never found.
    if (!lower.length || [...lower].some((ch) => ch.charCodeAt(0) > 255)) continue;
    const word = Uint8Array.from(lower, (ch) => ch.charCodeAt(0));
    // A window holding more of the word first, then rarer characters.
    const score = (offset: number) => {
      let s = 0;
      for (let k = offset; k < offset + 4; k++) s += k >= 0 && k < word.length ? 1000 + rarity(word[k] as number) : 0;
      return s;
    };
    const best = (offsets: number[]) => offsets.reduce((a, b) => (score(b) > score(a) ? b : a));
    // The windows of a word starting at an even offset, and at an odd one (one byte before it first).
    const even: number[] = [];
    const odd: number[] = [-1];
    for (let k = 0; k < word.length; k++) (k % 2 === 0 ? even : odd).push(k);
    add(word, best(even));
    add(word, best(odd));
  }
  if (endsAnywhere) for (let key = 0; key < windows.length; key++) windows[key] = (windows[key] as number) | (1 << 16);
  return { fold, pairs, groups, windows, maxOffset };
}

/** Index of the first word of the table in `bytes` (case-folded) at or after `from`, or -1. */
export function firstHintInBytes(bytes: Uint8Array, from: number, table: HintTable): number {
  const { fold, pairs, groups, windows, maxOffset } = table;
  const n = bytes.length;
  // Two bytes in one load where the platform and the alignment allow it.
  const littleEndian = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
  const words = littleEndian && bytes.byteOffset % 2 === 0 ? new Uint16Array(bytes.buffer, bytes.byteOffset, n >> 1) : undefined;
  let best = -1;
  // A word starting before `best` has its window before best + maxOffset: the scan goes that far.
  let end = n;
  for (let q = from - (from % 2); q < end; q += 2) {
    let g: number;
    // Classes of the windows that may be here; the last bytes, and unaligned ones, are read pair by pair.
    let may = -1;
    if (words !== undefined && q + 3 < n) {
      // The last pair a window is tested at: it starts before `end` and ends within the bytes.
      // One bound computed here keeps the loop's test to a compare (a third faster than 2k + 2 < stop).
      const last = (Math.min(end, n - 3) - 1) >> 1;
      let k = q >> 1;
      let first = windows[words[k] as number] as number;
      let second = windows[words[k + 1] as number] as number;
      // The common case, kept tight: four bytes that hold no window.
      while ((first & (second >>> 16)) === 0 && k < last) {
        k++;
        first = second;
        second = windows[words[k + 1] as number] as number;
      }
      q = 2 * k;
      may = first & (second >>> 16);
      if (may === 0) continue;
      g = pairs[words[k] as number] as number;
    } else {
      g = pairs[(bytes[q] as number) | ((q + 1 < n ? (bytes[q + 1] as number) : 0) << 8)] as number;
    }
    if (g === 0) continue;
    for (const { word, offset, bit } of groups[g - 1] as HintEntry[]) {
      const start = q - offset;
      if ((bit & may) === 0 || start < from || (best !== -1 && start >= best) || start + word.length > n) continue;
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

/**
 * A text that takes every path of firstHintInBytes when scanned whole and from one byte in:
 * each word at an even and at an odd offset, twice in a row, a line without any, and a last
 * line that ends in a word. The worker threads scan it before their first stretch (scan-pool.ts).
 */
export function hintScanPrimer(spec: HintSpec): Uint8Array {
  const lines: string[] = [];
  for (const word of spec.words) lines.push(`a ${word} b`, `ab ${word}c`, `${word}${word}`);
  const text = `${lines.join('\n')}\nno such word here\n${spec.words[0] ?? ''}`;
  return Uint8Array.from(text, (ch) => ch.charCodeAt(0) & 0xff);
}
