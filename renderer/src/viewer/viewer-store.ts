import { create } from 'zustand';

/** Lines are fetched in pages of this many, and only the pages the visible window touches. */
export const PAGE_LINES = 500;
/** Pages kept in memory; scrolling a 1M-line file must not grow the renderer without bound. */
export const MAX_CACHED_PAGES = 24;

/** The viewer's search: its query, the lines holding it (ascending) and the one gone to. */
export interface ViewerSearch {
  query: string;
  state: 'idle' | 'searching' | 'done' | 'failed';
  matches: number[];
  /** More lines match than the main side returned (EVIDENCE_SEARCH_LIMIT). */
  truncated: boolean;
  /** Index in `matches` of the match gone to, -1 before the first move. */
  current: number;
  error?: string;
}

export const initialSearch: ViewerSearch = { query: '', state: 'idle', matches: [], truncated: false, current: -1 };

export interface ViewerState {
  /**
   * The evidence file being shown, the line the finding cites, and the other lines of the same
   * file the finding quotes (highlighted apart from the cited one); nothing when closed.
   */
  open?: { sessionId: string; path: string; cited: number; evidence?: readonly number[] };
  search: ViewerSearch;
  /** Unknown until the first page answers. */
  totalLines?: number;
  /** Page number (0-based) → its lines; insertion order is recency order. */
  pages: Map<number, string[]>;
  loading: ReadonlySet<number>;
  error?: string;
}

export const initialViewerState: ViewerState = { pages: new Map(), loading: new Set(), search: initialSearch };

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
