import { api } from '../client';
import { getViewer, initialViewerState, MAX_CACHED_PAGES, PAGE_LINES, pagesFor, setViewer } from './viewer-store';

/** The control that opened the viewer, for focus to return to. */
let opener: HTMLElement | null = null;

export function viewerOpener(): HTMLElement | null {
  return opener;
}

/** Opens the viewer on an evidence file at the line a finding cites; `evidence`: the finding's other lines in that file. */
export function openViewer(sessionId: string, path: string, cited: number, evidence: readonly number[] = []): void {
  opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  // Replaced whole, not merged: nothing of the previous file (its length, an error, a search) carries over.
  setViewer({ ...initialViewerState, pages: new Map(), loading: new Set(), open: { sessionId, path, cited: Math.max(1, cited), evidence } }, true);
}

export function closeViewer(): void {
  setViewer({ ...initialViewerState, pages: new Map(), loading: new Set() }, true);
}

/** Fetches the pages lines first..last need and that are neither loaded nor on their way. */
export function ensureLines(first: number, last: number): void {
  const { open, pages, loading, totalLines } = getViewer();
  if (!open) return;
  const end = totalLines === undefined ? last : Math.min(last, Math.max(1, totalLines));
  for (const page of pagesFor(first, end)) {
    if (!pages.has(page) && !loading.has(page)) void fetchPage(open, page);
  }
}

async function fetchPage(open: NonNullable<ReturnType<typeof getViewer>['open']>, page: number): Promise<void> {
  setViewer((s) => ({ loading: new Set(s.loading).add(page) }));
  const result = await api().invoke('evidence.lines', {
    sessionId: open.sessionId,
    path: open.path,
    fromLine: page * PAGE_LINES + 1,
    count: PAGE_LINES,
  });
  // The viewer may have closed or moved to another file meanwhile.
  if (getViewer().open !== open) return;
  setViewer((s) => {
    const loading = new Set(s.loading);
    loading.delete(page);
    if (!result.ok) return { loading, error: result.error.message };
    const pages = new Map(s.pages);
    pages.set(page, result.value.lines);
    // Far-away pages go first: the window the user looks at is around the page just fetched.
    while (pages.size > MAX_CACHED_PAGES) pages.delete(farthest(pages, page));
    return { loading, pages, totalLines: result.value.totalLines ?? s.totalLines, error: undefined };
  });
}

function farthest(pages: ReadonlyMap<number, unknown>, from: number): number {
  let worst = from;
  for (const p of pages.keys()) if (Math.abs(p - from) > Math.abs(worst - from)) worst = p;
  return worst;
}
