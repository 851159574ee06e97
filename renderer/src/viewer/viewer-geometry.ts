/** Height of one row; .viewer-row in viewer.css uses the same value. */
export const ROW_PX = 20;
/** Browsers cap an element's height (Chromium near 33M px); longer files scroll proportionally. */
export const MAX_SCROLL_PX = 15_000_000;

/**
 * How a file of `total` lines maps onto a scroller `viewportPx` high whose rows stay aligned to
 * its top (a sticky window): which top lines exist and top line ↔ scroll offset.
 */
export interface ViewerGeometry {
  /** Rows wholly inside the viewport (at least 1). */
  rows: number;
  /** The last top line: the file's last line then sits wholly in view at the bottom. */
  maxFirst: number;
  /** Height of the spacer under the window, giving the scrollbar the file's length. */
  spacerPx: number;
  offsetOf(top: number): number;
  topAt(offset: number): number;
}

export function viewerGeometry(viewportPx: number, total: number): ViewerGeometry {
  const rows = Math.max(1, Math.floor(viewportPx / ROW_PX));
  const pxPerLine = total > 0 ? Math.min(ROW_PX, MAX_SCROLL_PX / total) : ROW_PX;
  const maxFirst = Math.max(1, total - rows + 1);
  const scrollRange = Math.max(1, total * pxPerLine - viewportPx);
  // A file longer than the browser can scroll maps proportionally, so the scrollbar's end is the
  // file's last screen (a fixed px per line would stop short of it).
  const scaled = pxPerLine < ROW_PX;
  return {
    rows,
    maxFirst,
    spacerPx: Math.max(0, total * pxPerLine - viewportPx),
    offsetOf: (top) => (scaled ? ((top - 1) / Math.max(1, maxFirst - 1)) * scrollRange : (top - 1) * pxPerLine),
    topAt: (offset) => {
      // The scrollbar's end is the last screen even when the viewport is not a whole number of rows.
      if (offset >= scrollRange - 0.5) return maxFirst;
      const top = scaled ? Math.round((offset / scrollRange) * (maxFirst - 1)) + 1 : Math.floor(offset / pxPerLine + 0.5) + 1;
      return Math.min(Math.max(1, top), maxFirst);
    },
  };
}

/**
 * The lines on screen with `first` on top, a partly shown last row included (it is drawn and
 * read); undefined for an empty file.
 */
export function visibleLines(first: number, viewportPx: number, total: number): { first: number; last: number } | undefined {
  if (total <= 0) return undefined;
  const top = Math.min(Math.max(1, first), total);
  const onScreen = Math.max(1, Math.ceil(viewportPx / ROW_PX));
  return { first: top, last: Math.min(top + onScreen - 1, total) };
}

/** What the viewer's range label says: a message id and its parameters. */
export type RangeLabel =
  | { key: 'viewer.loading' | 'viewer.empty' | 'viewer.onlyLine' }
  | { key: 'viewer.range'; first: number; last: number; count: number };

export function rangeLabel(first: number, viewportPx: number, totalLines: number | undefined): RangeLabel {
  if (totalLines === undefined) return { key: 'viewer.loading' };
  const shown = visibleLines(first, viewportPx, totalLines);
  if (!shown) return { key: 'viewer.empty' };
  if (totalLines === 1) return { key: 'viewer.onlyLine' };
  return { key: 'viewer.range', first: shown.first, last: shown.last, count: totalLines };
}
