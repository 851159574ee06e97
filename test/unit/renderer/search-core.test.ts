import { describe, expect, it } from 'vitest';
import { parseAnsi } from '../../../renderer/src/viewer/ansi';
import { indexOfLine, markMatches, matchFrom } from '../../../renderer/src/viewer/search-core';

const MATCHES = [3, 10, 41, 900_000];

describe('viewer search: moving between matches', () => {
  it('starts at the first match at or after the keyboard line', () => {
    expect(matchFrom(MATCHES, 1, 'from')).toBe(0);
    expect(matchFrom(MATCHES, 10, 'from')).toBe(1);
    expect(matchFrom(MATCHES, 11, 'from')).toBe(2);
  });

  it('goes to the next and the previous match, wrapping at the ends of the file', () => {
    expect(matchFrom(MATCHES, 10, 'next')).toBe(2);
    expect(matchFrom(MATCHES, 10, 'previous')).toBe(0);
    expect(matchFrom(MATCHES, 900_000, 'next')).toBe(0);
    expect(matchFrom(MATCHES, 3, 'previous')).toBe(3);
    expect(matchFrom(MATCHES, 950_000, 'from')).toBe(0);
  });

  it('has nowhere to go without matches', () => {
    expect(matchFrom([], 5, 'next')).toBe(-1);
    expect(matchFrom([], 5, 'previous')).toBe(-1);
  });

  it('finds a line among the matches', () => {
    expect(indexOfLine(MATCHES, 41)).toBe(2);
    expect(indexOfLine(MATCHES, 42)).toBe(-1);
    const many = Array.from({ length: 10_000 }, (_, i) => i * 100 + 1);
    expect(indexOfLine(many, 777_701)).toBe(7777);
  });
});

describe('viewer search: marking matches in a line', () => {
  it('marks every occurrence, ignoring case', () => {
    expect(markMatches([{ text: 'Job failed; job FAILED' }], 'job failed')).toEqual([
      { text: 'Job failed', match: true },
      { text: '; ' },
      { text: 'job FAILED', match: true },
    ]);
  });

  it('keeps the colours of a match that straddles two colour spans', () => {
    const spans = parseAnsi('\x1b[0;33mWARNING:\x1b[0m Job failed');
    expect(markMatches(spans, 'ing: job')).toEqual([
      { text: 'WARN', fg: 33 },
      { text: 'ING:', fg: 33, match: true },
      { text: ' Job', match: true },
      { text: ' failed' },
    ]);
  });

  it('leaves a line without the query, or with no query, as it was', () => {
    expect(markMatches([{ text: 'plain' }], 'nope')).toEqual([{ text: 'plain' }]);
    expect(markMatches([{ text: 'plain', fg: 31 }], '')).toEqual([{ text: 'plain', fg: 31 }]);
  });
});
