import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Prefilter } from '../../../electron/core/evidence/redact/prefilter';

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
});
