import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Prefilter } from '../../../electron/core/evidence/redact/prefilter';
import { buildHintTable, firstHintInBytes, hintedLineStartsInBytes, hintScanPrimer } from '../../../electron/core/evidence/redact/hint-scan';
import { Redactor } from '../../../electron/core/evidence/redact/redactor';

const WORDS = ['@', '%6', '\\x', 'key', '-u ', 'token', 'glpat-', 'glrt-', '-----begin', 'data'];

/** What the prefilter answers, written the obvious way: one alternation over every word. */
function reference(lower: string, from: number): number {
  const re = new RegExp(WORDS.map((w) => w.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')).join('|'), 'g');
  re.lastIndex = from;
  return re.exec(lower)?.index ?? -1;
}

const text = fc
  .array(fc.oneof(fc.constantFrom(...WORDS, ...WORDS.map((w) => w.toUpperCase()), 'ke', 'glpa', '%', '\\', '-u', '\n'), fc.string({ maxLength: 6 })), { maxLength: 30 })
  .map((parts) => parts.join(''));

describe('prefilter', () => {
  it('finds the same first hint as one alternation over all words, from any start, on repeated calls', () => {
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 8 }), (t, starts) => {
        const p = new Prefilter(WORDS);
        const lower = t.toLowerCase();
        // Calls in any order on the same text (the scan remembers where short words were found).
        for (const s of [...starts, 0]) {
          const from = t.length ? s % (t.length + 1) : 0;
          expect(p.next(t, from, lower)).toBe(reference(lower, from));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('reads text without its lower-cased form case-insensitively', () => {
    const p = new Prefilter(WORDS);
    expect(p.next('no hint here', 0)).toBe(-1);
    expect(p.next('a TOKEN and an @', 0)).toBe(2);
    expect(p.next('a TOKEN and an @', 3)).toBe(15);
  });

  it('scans bytes (read as latin1, any case) to the same first hint as the alternation, for the words of the rules too', () => {
    const ruleWords = new Redactor().hintSpec.words;
    const pieces = [...ruleWords, ...ruleWords.map((w) => w.toUpperCase()), ...ruleWords.map((w) => w.slice(0, -1)), 'À', 'é', '\n'];
    const latin1 = fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 4, unit: 'binary' })), { maxLength: 30 }).map((parts) => Buffer.from(parts.join(''), 'latin1'));
    for (const words of [WORDS, ruleWords]) {
      const table = buildHintTable({ words });
      const re = new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')).join('|'), 'g');
      fc.assert(
        fc.property(latin1, fc.nat(), (bytes, s) => {
          const lower = bytes.toString('latin1').toLowerCase();
          const from = s % (bytes.length + 1);
          re.lastIndex = from;
          const expected = re.exec(lower)?.index ?? -1;
          expect(firstHintInBytes(bytes, from, table)).toBe(expected);
          // Read two bytes at a time where aligned, one by one where not: the same answer.
          const unaligned = Buffer.alloc(bytes.length + 1).subarray(1);
          bytes.copy(unaligned);
          expect(firstHintInBytes(unaligned, from, table)).toBe(expected);
        }),
        { numRuns: 1000 },
      );
    }
  });

  it('finds the words of any set in bytes, where they overlap each other too, at any start and alignment', () => {
    // Few letters, rare ones among them: words overlap in the text and their windows (the four
    // bytes looked up for a word) fall at every offset.
    const letter = fc.constantFrom('a', 'e', 'q', 'z', 'x', '-');
    const wordSet = fc.uniqueArray(fc.array(letter, { minLength: 1, maxLength: 9 }).map((l) => l.join('')), { minLength: 1, maxLength: 6 })
      // As Prefilter gives them: no word holds another.
      .map((ws) => ws.filter((w) => !ws.some((o) => o !== w && w.includes(o))));
    const texts = fc.array(fc.tuple(fc.array(fc.oneof(letter, letter.map((c) => c.toUpperCase())), { maxLength: 40 }), fc.nat(), fc.boolean()), { minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(wordSet, texts, (words, cases) => {
        const table = buildHintTable({ words });
        const re = new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')).join('|'), 'g');
        for (const [chars, s, odd] of cases) {
          const text = Buffer.from(chars.join(''), 'latin1');
          // At an even address (read two bytes at a time) and at an odd one (pair by pair).
          const bytes = odd ? Buffer.alloc(text.length + 1).subarray(1) : text;
          text.copy(bytes);
          const from = s % (text.length + 1);
          re.lastIndex = from;
          expect(firstHintInBytes(bytes, from, table)).toBe(re.exec(text.toString('latin1').toLowerCase())?.index ?? -1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives the start of each line holding a hint, the first line and a last line without a newline too', () => {
    const table = buildHintTable({ words: WORDS });
    const lines = Buffer.from('token first\nnothing\nsome KEY and data\nno\n@end');
    expect(hintedLineStartsInBytes(lines, table, firstHintInBytes)).toEqual([0, 20, 41]);
    expect(hintedLineStartsInBytes(Buffer.from('plain\nlines\n'), table, firstHintInBytes)).toEqual([]);
  });

  it('primes the worker threads with a text that holds a word on every line but one, found whole and from one byte in', () => {
    const spec = new Redactor().hintSpec;
    const table = buildHintTable(spec);
    const primer = hintScanPrimer(spec);
    const starts = (bytes: Uint8Array) => [0, ...[...bytes].flatMap((b, i) => (b === 10 ? [i + 1] : []))];
    const lines = starts(primer);
    // Three lines a word, then the line without one, then the last line: a word, with no newline.
    expect(lines).toHaveLength(spec.words.length * 3 + 2);
    const hinted = lines.filter((_, i) => i !== lines.length - 2);
    expect(hintedLineStartsInBytes(primer, table, firstHintInBytes)).toEqual(hinted);
    // From one byte in, the first line starts at 0 and holds its word still.
    expect(hintedLineStartsInBytes(primer.subarray(1), table, firstHintInBytes)).toEqual([0, ...hinted.slice(1).map((at) => at - 1)]);
  });
});
