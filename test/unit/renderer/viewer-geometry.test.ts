import { describe, expect, it } from 'vitest';
import { rangeLabel, ROW_PX, viewerGeometry, visibleLines } from '../../../renderer/src/viewer/viewer-geometry';

/** A viewport of 23 whole rows and three quarters of a 24th. */
const PARTIAL_PX = 23 * ROW_PX + 15;

describe('evidence viewer: the lines on screen and the range label', () => {
  it('first row: the label starts at line 1 and names every row drawn', () => {
    expect(rangeLabel(1, 24 * ROW_PX, 3000)).toEqual({ key: 'viewer.range', first: 1, last: 24, count: 3000 });
    expect(viewerGeometry(24 * ROW_PX, 3000).topAt(0)).toBe(1);
  });

  it('last row: the end of the scrollbar puts the last line wholly in view and the label ends on it', () => {
    for (const viewport of [24 * ROW_PX, PARTIAL_PX, 23 * ROW_PX + 1]) {
      const geometry = viewerGeometry(viewport, 3000);
      const end = geometry.spacerPx; // scrollHeight − clientHeight: the scrollbar's end
      const first = geometry.topAt(end);
      expect(first).toBe(geometry.maxFirst);
      // The last line's bottom edge inside the viewport.
      expect((3000 - first + 1) * ROW_PX).toBeLessThanOrEqual(viewport);
      expect(rangeLabel(first, viewport, 3000)).toMatchObject({ last: 3000, count: 3000 });
    }
    // The case seen: a viewport of 23¾ rows at the bottom of 3000 lines.
    expect(rangeLabel(viewerGeometry(PARTIAL_PX, 3000).topAt(viewerGeometry(PARTIAL_PX, 3000).spacerPx), PARTIAL_PX, 3000)).toEqual({
      key: 'viewer.range',
      first: 2978,
      last: 3000,
      count: 3000,
    });
  });

  it('partial last row: a row cut by the viewport bottom is drawn, so the label counts it', () => {
    expect(visibleLines(2977, PARTIAL_PX, 3000)).toEqual({ first: 2977, last: 3000 });
    expect(visibleLines(100, PARTIAL_PX, 3000)).toEqual({ first: 100, last: 123 });
    expect(visibleLines(100, 23 * ROW_PX, 3000)).toEqual({ first: 100, last: 122 });
  });

  it('top line ↔ scroll offset round-trips, in px per line and on a file scrolled proportionally', () => {
    for (const total of [3000, 1_000_000]) {
      const geometry = viewerGeometry(PARTIAL_PX, total);
      for (const top of [1, 2, 500, Math.floor(total / 2), geometry.maxFirst - 1, geometry.maxFirst]) {
        expect(geometry.topAt(Math.min(geometry.offsetOf(top), geometry.spacerPx))).toBe(top);
      }
    }
  });

  it('a file shorter than the viewport: one screen, its last line the label end', () => {
    const geometry = viewerGeometry(PARTIAL_PX, 7);
    expect(geometry.maxFirst).toBe(1);
    expect(geometry.topAt(0)).toBe(1);
    expect(rangeLabel(1, PARTIAL_PX, 7)).toEqual({ key: 'viewer.range', first: 1, last: 7, count: 7 });
  });

  it('1-line log: "Line 1 of 1", whatever the top line asked', () => {
    expect(rangeLabel(1, PARTIAL_PX, 1)).toEqual({ key: 'viewer.onlyLine' });
    expect(visibleLines(5, PARTIAL_PX, 1)).toEqual({ first: 1, last: 1 });
    expect(viewerGeometry(PARTIAL_PX, 1).maxFirst).toBe(1);
  });

  it('empty log: "Empty file", no lines; before the length is known: loading', () => {
    expect(rangeLabel(1, PARTIAL_PX, 0)).toEqual({ key: 'viewer.empty' });
    expect(visibleLines(1, PARTIAL_PX, 0)).toBeUndefined();
    expect(viewerGeometry(PARTIAL_PX, 0)).toMatchObject({ maxFirst: 1, spacerPx: 0 });
    expect(viewerGeometry(PARTIAL_PX, 0).topAt(0)).toBe(1);
    expect(rangeLabel(1, PARTIAL_PX, undefined)).toEqual({ key: 'viewer.loading' });
  });
});
