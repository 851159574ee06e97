import { create } from 'zustand';

/** Lines are fetched in pages of this many, and only the pages the visible window touches. */
export const PAGE_LINES = 500;
/** Pages kept in memory; scrolling a 1M-line file must not grow the renderer without bound. */
export const MAX_CACHED_PAGES = 24;

export interface ViewerState {
  /** The evidence file being shown and the line the finding cites, or nothing when closed. */
  open?: { sessionId: string; path: string; cited: number };
  /** Unknown until the first page answers. */
  totalLines?: number;
  /** Page number (0-based) → its lines; insertion order is recency order. */
  pages: Map<number, string[]>;
  loading: ReadonlySet<number>;
  error?: string;
}

export const initialViewerState: ViewerState = { pages: new Map(), loading: new Set() };

export const useViewer = create<ViewerState>()(() => initialViewerState);

export const setViewer = useViewer.setState;
export const getViewer = useViewer.getState;

/** The text of 1-based line `n`, or undefined while its page is not loaded. */
export function lineText(state: ViewerState, n: number): string | undefined {
  return state.pages.get(Math.floor((n - 1) / PAGE_LINES))?.[(n - 1) % PAGE_LINES];
}

/** Pages (0-based) holding lines first..last. */
export function pagesFor(first: number, last: number): number[] {
  const pages: number[] = [];
  for (let p = Math.floor((Math.max(1, first) - 1) / PAGE_LINES); p <= Math.floor((Math.max(1, last) - 1) / PAGE_LINES); p++) pages.push(p);
  return pages;
}
