import { api } from '../client';
import { getViewer, initialSearch, setViewer, type ViewerSearch } from './viewer-store';

/** Typing pauses this long before the file is searched: one search per word, not per key. */
const TYPING_PAUSE_MS = 200;
let timer: ReturnType<typeof setTimeout> | undefined;

function setSearch(patch: Partial<ViewerSearch>): void {
  setViewer((s) => ({ search: { ...s.search, ...patch } }));
}

/**
 * The query typed in the viewer's search box. The search itself runs on the main side, over
 * the whole file in one streaming pass; the renderer only receives the matching line numbers.
 */
export function setSearchQuery(query: string): void {
  clearTimeout(timer);
  if (!query) return setViewer({ search: initialSearch });
  setSearch({ query, state: 'searching', error: undefined });
  timer = setTimeout(() => void runSearch(query), TYPING_PAUSE_MS);
}

async function runSearch(query: string): Promise<void> {
  const open = getViewer().open;
  if (!open) return;
  const result = await api().invoke('evidence.search', { sessionId: open.sessionId, path: open.path, query });
  // Only the latest query of the same file counts; an older one was cancelled or overtaken.
  const now = getViewer();
  if (now.open !== open || now.search.query !== query) return;
  if (!result.ok) {
    if (result.error.code !== 'cancelled') setSearch({ state: 'failed', error: result.error.message, matches: [], current: -1 });
    return;
  }
  setSearch({ state: 'done', matches: result.value.lines, truncated: result.value.truncated, current: -1 });
}

export function setCurrentMatch(current: number): void {
  setSearch({ current });
}
