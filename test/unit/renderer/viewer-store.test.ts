import { describe, expect, it } from 'vitest';
import { initialViewerState, lineText, pagesFor, PAGE_LINES } from '../../../renderer/src/viewer/viewer-store';

describe('viewer pages', () => {
  it('maps a window of lines to the pages holding it', () => {
    expect(PAGE_LINES).toBe(500);
    expect(pagesFor(1, 40)).toEqual([0]);
    expect(pagesFor(480, 520)).toEqual([0, 1]);
    expect(pagesFor(500, 500)).toEqual([0]);
    expect(pagesFor(501, 501)).toEqual([1]);
    expect(pagesFor(999_990, 1_000_000)).toEqual([1999]);
  });

  it('finds a line in its page, and nothing while the page is not loaded', () => {
    const state = { ...initialViewerState, pages: new Map([[1, Array.from({ length: 500 }, (_, i) => `line ${501 + i}`)]]) };
    expect(lineText(state, 501)).toBe('line 501');
    expect(lineText(state, 1000)).toBe('line 1000');
    expect(lineText(state, 500)).toBeUndefined();
    expect(lineText(state, 1001)).toBeUndefined();
  });
});
