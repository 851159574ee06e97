/**
 * A line filter that skips over bytes (Wu-Manber): most bytes of a healthy log are never read.
 * It looks at the last three bytes of a window as long as the shortest pattern; when no pattern
 * has those three bytes within its first `window` bytes, no pattern can start in the window and
 * the window jumps ahead. Where one might start, a trie walk from that byte says which pattern
 * is there. The few patterns much shorter than the rest are found by Buffer.indexOf (native,
 * vectorised) instead, so that they do not shorten every jump.
 *
 * It only reads whole lines. For a line that holds a pattern worth handing over, linePatterns
 * gives the ids in the order the exact Aho-Corasick walk (line-scanner.ts) would report them,
 * so what is found does not change; lines holding a native pattern are still walked.
 */
export interface SkipFilter {
  /** Length of the window: the shortest pattern the skip loop looks for. */
  readonly window: number;
  /** `shift[block(b1, b2, b3)]`: how far the window may jump when it ends with bytes b1 b2 b3. */
  readonly shift: Uint8Array;
  /**
   * Trie rows of `classCount` entries, one per byte class: `next << 2 | kind`, where `next` is
   * the start of the next row and `kind` (KIND_*) says what ends there; -1 where no pattern
   * goes on.
   */
  readonly trie: Int32Array;
  /** Per trie entry, the id of the pattern that ends there, or -1. */
  readonly ids: Int32Array;
  readonly classOf: Uint8Array;
  /** Short patterns, none of them only counted, found with Buffer.indexOf. */
  readonly natives: readonly NativePattern[];
}

/**
 * A short pattern found natively. Node's Buffer.indexOf looks for a needle shorter than 8
 * bytes with memchr on its first byte, and for a longer one with Boyer-Moore-Horspool, which
 * on runner logs took about 8 ms per 16 MiB where memchr took 1: the needle is a piece of at
 * most NATIVE_PIECE_BYTES of the pattern, starting at a rare byte, and the rest of the
 * pattern is compared where the piece is found (nativePattern says when there is none).
 */
export interface NativePattern {
  bytes: Buffer;
  piece: Buffer;
  /** Where the piece starts in the pattern. */
  offset: number;
}

/** No pattern ends at this trie node. */
const KIND_NONE = 0;
/** Only a counted pattern ends here. */
export const KIND_COUNTED = 1;
/** A pattern whose line must be handed over ends here. */
export const KIND_HANDOVER = 2;

/** Patterns shorter than this are searched natively when there are few of them. */
const NATIVE_BELOW = 10;
const MAX_NATIVES = 6;
/** Below this window a byte-by-byte walk is as fast. */
const MIN_WINDOW = 5;
/** The longest needle Buffer.indexOf finds with memchr (node src/string_search.h: kBMMinPatternLength is 8). */
const NATIVE_PIECE_BYTES = 7;

/** How common a byte is in logs: lower case letters, digits and spaces most, then punctuation. */
function commonness(b: number): number {
  if ((b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39) || b === 0x20) return 2;
  return '.:/=-_,"\''.includes(String.fromCharCode(b)) ? 1 : 0;
}

/**
 * The pattern's piece memchr finds fastest: the one whose first byte is rarest. memchr stops
 * at every instance of that byte, so a pattern with no rare byte keeps its whole self as the
 * needle, for Node to search as it would.
 */
function nativePattern(bytes: Buffer): NativePattern {
  const length = Math.min(bytes.length, NATIVE_PIECE_BYTES);
  let offset = 0;
  for (let i = 1; i + length <= bytes.length; i++) if (commonness(bytes[i]!) < commonness(bytes[offset]!)) offset = i;
  if (length < bytes.length && commonness(bytes[offset]!) === 2) return { bytes, piece: bytes, offset: 0 };
  return { bytes, piece: bytes.subarray(offset, offset + length), offset };
}

/** Where `native` first starts at or after `from` in `buffer`, or -1. */
export function nativeIndexOf(buffer: Buffer, native: NativePattern, from: number): number {
  const { bytes, piece, offset } = native;
  for (let at = buffer.indexOf(piece, from + offset); at !== -1; at = buffer.indexOf(piece, at + 1)) {
    const start = at - offset;
    // A later find starts later still: the pattern cannot end in this buffer.
    if (start + bytes.length > buffer.length) return -1;
    if (piece.length === bytes.length || buffer.compare(bytes, 0, bytes.length, start, start + bytes.length) === 0) return start;
  }
  return -1;
}

/**
 * Three bytes folded into 15 bits (a table that stays in the CPU's first-level cache). Bytes
 * that fold together only make jumps shorter, never wrong.
 */
function block(b1: number, b2: number, b3: number): number {
  return ((b1 & 0x1f) << 10) | ((b2 & 0x1f) << 5) | (b3 & 0x1f);
}

/**
 * The filter for `patterns` (ids are indexes), or undefined when they are too short for
 * skipping to pay. `counted`: ids whose lines are only counted.
 */
export function buildSkipFilter(patterns: readonly string[], counted: ReadonlySet<number>): SkipFilter | undefined {
  // A trie entry names one pattern (linePatterns): a pattern given twice is left to the walk.
  if (new Set(patterns).size !== patterns.length) return undefined;
  const encoded = patterns.map((p, id) => ({ id, bytes: Buffer.from(p, 'utf8') }));
  const short = encoded.filter((p) => p.bytes.length < NATIVE_BELOW && !counted.has(p.id));
  const natives = short.length <= MAX_NATIVES ? short : [];
  const skipped = encoded.filter((p) => !natives.includes(p));
  if (skipped.length === 0) return undefined;
  const window = Math.min(...skipped.map((p) => p.bytes.length));
  if (window < MIN_WINDOW) return undefined;

  const classOf = new Uint8Array(256);
  let classCount = 1; // 0: a byte no pattern uses
  for (const { bytes } of skipped) for (const b of bytes) if (classOf[b] === 0) classOf[b] = classCount++;

  const rows: number[] = new Array<number>(classCount).fill(-1);
  const ends = new Map<number, number>();
  for (const { id, bytes } of skipped) {
    let row = 0;
    let at = 0;
    for (const b of bytes) {
      at = row + classOf[b]!;
      if (rows[at] === -1) {
        rows[at] = rows.length << 2;
        rows.push(...new Array<number>(classCount).fill(-1));
      }
      row = rows[at]! >> 2;
    }
    const kind = counted.has(id) ? Math.max(rows[at]! & 3, KIND_COUNTED) : KIND_HANDOVER;
    rows[at] = (row << 2) | kind;
    ends.set(at, id);
  }
  const ids = new Int32Array(rows.length).fill(-1);
  for (const [at, id] of ends) ids[at] = id;

  const shift = new Uint8Array(1 << 15).fill(window - 2);
  for (const { bytes } of skipped) {
    for (let j = 2; j < window; j++) {
      const b = block(bytes[j - 2]!, bytes[j - 1]!, bytes[j]!);
      shift[b] = Math.min(shift[b]!, window - 1 - j);
    }
  }
  return { window, shift, trie: Int32Array.from(rows), ids, classOf, natives: natives.map((p) => nativePattern(p.bytes)) };
}

/**
 * What the line `bytes[start, end)` holds: KIND_HANDOVER if a pattern worth handing over,
 * else KIND_COUNTED if a counted pattern, else KIND_NONE. Natives are not looked for here.
 * Kept free of closures so V8 compiles it to a tight loop.
 */
export function classifyLine(f: SkipFilter, bytes: Uint8Array, start: number, end: number): number {
  const { shift, trie, classOf, window } = f;
  let kind = KIND_NONE;
  for (let pos = candidate(shift, bytes, start + window - 1, end); pos < end; pos = candidate(shift, bytes, pos + 1, end)) {
    // A pattern may start at pos - window + 1: walk the trie from there.
    let row = 0;
    for (let i = pos - window + 1; i < end; i++) {
      const next = trie[row + classOf[bytes[i]!]!]!;
      if (next < 0) break;
      const k = next & 3;
      if (k === KIND_HANDOVER) return KIND_HANDOVER;
      if (k === KIND_COUNTED) kind = KIND_COUNTED;
      row = next >> 2;
    }
  }
  return kind;
}

/**
 * The first window end at or after `pos` (and before `end`) where a pattern may start a window
 * earlier, or `end`: the jumps of the skip loop.
 */
function candidate(shift: Uint8Array, bytes: Uint8Array, pos: number, end: number): number {
  while (pos < end) {
    const jump = shift[block(bytes[pos - 2]!, bytes[pos - 1]!, bytes[pos]!)]!;
    if (jump === 0) return pos;
    pos += jump;
  }
  return end;
}

/** Where each pattern found by linePatterns ends, how long it is, and its id, three numbers a find. */
const finds: number[] = [];
const order: number[] = [];
const found: number[] = [];

/**
 * The ids of the patterns the line `bytes[start, end)` holds, each once, in the order the
 * automaton's walk reports them (by where they end, the longest first where several end at the
 * same byte): for a line classifyLine hands over, what walking it byte by byte would find,
 * without walking it. The line must hold no native pattern (they are not looked for here).
 * The array returned is reused by the next call.
 */
export function linePatterns(f: SkipFilter, bytes: Uint8Array, start: number, end: number): readonly number[] {
  const { shift, trie, ids, classOf, window } = f;
  finds.length = 0;
  for (let pos = candidate(shift, bytes, start + window - 1, end); pos < end; pos = candidate(shift, bytes, pos + 1, end)) {
    const from = pos - window + 1;
    let row = 0;
    for (let i = from; i < end; i++) {
      const at = row + classOf[bytes[i]!]!;
      const next = trie[at]!;
      if (next < 0) break;
      const id = ids[at]!;
      if (id >= 0) finds.push(i + 1, i + 1 - from, id);
      row = next >> 2;
    }
  }
  found.length = 0;
  // Most lines hold one pattern: nothing to order.
  if (finds.length === 3) {
    found.push(finds[2]!);
    return found;
  }
  order.length = 0;
  for (let k = 0; k < finds.length; k += 3) order.push(k);
  order.sort((a, b) => finds[a]! - finds[b]! || finds[b + 1]! - finds[a + 1]!);
  for (const k of order) {
    const id = finds[k + 2]!;
    if (!found.includes(id)) found.push(id);
  }
  return found;
}
