import { useCallback, useEffect, useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from '../store';
import { indexOfLine, matchFrom } from '../viewer/search-core';
import { setCurrentMatch } from '../viewer/search-actions';
import { closeViewer, ensureLines, viewerOpener } from '../viewer/viewer-actions';
import { lineText, useViewer } from '../viewer/viewer-store';
import { rangeLabel, ROW_PX, viewerGeometry } from '../viewer/viewer-geometry';
import { AnsiText } from './AnsiText';
import { rememberFocus, trapTab } from './focus-trap';
import { ViewerSearch } from './ViewerSearch';

/** Characters of a line put in the DOM; CSS cuts it visually long before that. */
const MAX_SHOWN_CHARS = 4000;

/** An evidence file around the line a finding cites, as a modal dialog. */
export function EvidenceViewer() {
  const open = useViewer((s) => s.open);
  if (!open) return null;
  return <ViewerDialog key={`${open.sessionId}\n${open.path}\n${open.cited}`} path={open.path} cited={open.cited} evidence={open.evidence ?? []} />;
}

/**
 * Virtualized: the scroller holds a sticky window of rows the height of the viewport and a
 * spacer for the rest of the file, so only visible lines are rendered and only their pages
 * are fetched, whatever the file's length.
 */
function ViewerDialog({ path, cited, evidence }: { path: string; cited: number; evidence: readonly number[] }) {
  const { t } = useTranslation();
  const totalLines = useViewer((s) => s.totalLines);
  const error = useViewer((s) => s.error);
  const state = useViewer();
  const blocked = useStore((s) => s.prompts.length > 0);
  const dialogRef = useRef<HTMLDivElement>(null);
  const scrollerRef = useRef<HTMLDivElement>(null);
  const spacerRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const search = state.search;
  const positioned = useRef(false);
  /**
   * The top line chosen on opening, held until the user scrolls, types or clicks: layout
   * changes while pages load (a resize, scroll anchoring) must not move the cited line away.
   */
  const pinned = useRef<number | null>(null);
  const [wrap, setWrap] = useState(false);
  const [viewport, setViewport] = useState(0);
  const [first, setFirst] = useState(() => Math.max(1, cited - 8));
  /** The keyboard's line: starts on the cited one; PageUp/PageDown/Home/End and go-to move it. */
  const [cursor, setCursor] = useState(cited);
  const [goto, setGoto] = useState('');

  const total = totalLines ?? cited + Math.max(1, Math.floor(viewport / ROW_PX));
  const { rows, maxFirst, spacerPx, offsetOf, topAt } = viewerGeometry(viewport, total);

  const scrollToLine = useCallback(
    (line: number) => {
      const top = Math.min(Math.max(1, Math.round(line)), maxFirst);
      setFirst(top);
      if (scrollerRef.current) scrollerRef.current.scrollTop = offsetOf(top);
    },
    [maxFirst, offsetOf],
  );

  useEffect(() => {
    const restore = rememberFocus(viewerOpener());
    scrollerRef.current?.focus();
    return restore;
  }, []);

  useLayoutEffect(() => {
    const scroller = scrollerRef.current;
    if (!scroller) return;
    const measure = () => setViewport(scroller.clientHeight);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(scroller);
    return () => observer.disconnect();
  }, []);

  // Spacer height through the CSSOM (allowed by the style-src 'self' policy; no inline style attribute).
  useLayoutEffect(() => {
    spacerRef.current?.style.setProperty('height', `${spacerPx}px`);
  }, [spacerPx]);

  // Once the length is known, put the cited line a third of the way down.
  useLayoutEffect(() => {
    if (positioned.current || totalLines === undefined || viewport === 0) return;
    positioned.current = true;
    pinned.current = Math.min(Math.max(1, cited - Math.floor(rows / 3)), maxFirst);
    scrollToLine(pinned.current);
  }, [totalLines, viewport, rows, cited, scrollToLine, maxFirst]);

  // A viewport measured again while pinned keeps the cited line in view at the new size (only on size changes).
  useLayoutEffect(() => {
    if (pinned.current === null || totalLines === undefined) return;
    const top = Math.min(Math.max(1, cited - Math.floor(rows / 3)), maxFirst);
    pinned.current = top;
    if (top !== first) scrollToLine(top);
  }, [rows, maxFirst]);

  const unpin = () => (pinned.current = null);

  useEffect(() => ensureLines(first, first + rows), [first, rows, totalLines]);

  const onScroll = () => {
    const scroller = scrollerRef.current;
    if (!scroller) return;
    const top = Math.min(topAt(scroller.scrollTop), maxFirst);
    if (pinned.current !== null && top !== pinned.current) return scrollToLine(pinned.current);
    setFirst(top);
  };

  /** Goes to a match: it becomes the keyboard's line, scrolled into view when off screen. */
  const goToMatch = (index: number) => {
    const line = search.matches[index];
    if (line === undefined) return;
    unpin();
    setCurrentMatch(index);
    setCursor(line);
    if (line < first || line > first + rows - 1) scrollToLine(line - Math.floor(rows / 3));
  };
  const moveMatch = (move: 'next' | 'previous') => goToMatch(matchFrom(search.matches, cursor, move));

  // New results: the first match at or after the keyboard's line.
  useEffect(() => {
    if (search.state === 'done' && search.current === -1 && search.matches.length > 0) goToMatch(matchFrom(search.matches, cursor, 'from'));
  }, [search]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    unpin();
    if (e.key === 'Escape') {
      e.preventDefault();
      closeViewer();
      return;
    }
    // The viewer's own find, not the browser's page search (which sees only the rendered rows).
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f') {
      e.preventDefault();
      searchRef.current?.focus();
      searchRef.current?.select();
      return;
    }
    if (e.key === 'F3') {
      e.preventDefault();
      if (search.matches.length > 0) moveMatch(e.shiftKey ? 'previous' : 'next');
      return;
    }
    if (e.key === 'Tab') return trapTab(e, dialogRef.current);
    // The go-to field keeps its own Home/End and arrows.
    if (e.target instanceof HTMLInputElement) return;
    const last = Math.max(1, total);
    const moves: Record<string, number> = { PageDown: cursor + rows, PageUp: cursor - rows, Home: 1, End: last, ArrowDown: cursor + 1, ArrowUp: cursor - 1 };
    const to = moves[e.key];
    if (to === undefined) return;
    e.preventDefault();
    moveCursor(Math.min(Math.max(1, to), last), e.key.startsWith('Page') ? (e.key === 'PageDown' ? rows : -rows) : 0);
  };

  /** Moves the cursor and scrolls: by the same amount for a page move, and always enough to show it. */
  const moveCursor = (line: number, pageBy: number) => {
    setCursor(line);
    let top = first + pageBy;
    if (line < top) top = line;
    else if (line > top + rows - 1) top = line - rows + 1;
    if (top !== first) scrollToLine(top);
  };

  const onGoto = (e: FormEvent) => {
    e.preventDefault();
    unpin();
    const n = Number(goto);
    if (!Number.isInteger(n) || n < 1) return;
    const line = Math.min(n, Math.max(1, total));
    setCursor(line);
    scrollToLine(line - Math.floor(rows / 3));
    scrollerRef.current?.focus();
  };

  const last = Math.min(first + rows, total);
  const shown: number[] = [];
  for (let n = first; n <= last; n++) shown.push(n);
  const label = rangeLabel(first, viewport, totalLines);
  const range = t(label.key, label);

  return (
    <div className="dialog-backdrop" inert={blocked}>
      <div ref={dialogRef} role="dialog" aria-modal="true" aria-labelledby="viewer-title" className="dialog viewer" onKeyDown={onKeyDown}>
        <header className="viewer-header">
          <h2 id="viewer-title">
            <code>{path}</code>
          </h2>
          <button type="button" onClick={closeViewer}>
            {t('viewer.close')}
          </button>
        </header>
        <div className="viewer-tools">
          <form className="viewer-goto" onSubmit={onGoto}>
            <label htmlFor="viewer-goto-line">{t('viewer.goToLine')}</label>
            <input id="viewer-goto-line" type="number" min={1} max={totalLines ?? undefined} inputMode="numeric" value={goto} onChange={(e) => setGoto(e.target.value)} />
            <button type="submit">{t('viewer.go')}</button>
          </form>
          <span className="meta viewer-range">{range}</span>
          <label className="viewer-wrap-toggle">
            <input type="checkbox" checked={wrap} onChange={(e) => setWrap(e.target.checked)} /> {t('viewer.wrap')}
          </label>
          <ViewerSearch inputRef={searchRef} onMove={moveMatch} />
          <span className="meta viewer-at">
            {t('viewer.at', { cursor, cited })}
          </span>
        </div>
        {error && (
          <p role="alert" className="viewer-error">
            {error}
          </p>
        )}
        <div
          ref={scrollerRef}
          className={wrap ? 'viewer-scroller viewer-wrapped' : 'viewer-scroller'}
          tabIndex={0}
          onWheel={unpin}
          onPointerDown={unpin} role="region" aria-label={t('viewer.contents', { path })} onScroll={onScroll}>
          {/* The file as collected: a page translator must not reword it. */}
          <div className="viewer-window" translate="no">
            {shown.map((n) => {
              const text = lineText(state, n);
              const matched = search.matches.length > 0 && indexOfLine(search.matches, n) >= 0;
              const classes = [
                'viewer-row',
                n === cited && 'viewer-cited',
                n !== cited && evidence.includes(n) && 'viewer-evidence',
                matched && 'viewer-match',
                matched && search.matches[search.current] === n && 'viewer-match-current',
                n === cursor && 'viewer-cursor',
              ]
                .filter(Boolean)
                .join(' ');
              return (
                <div key={n} className={classes} data-line={n} aria-current={n === cited ? 'true' : undefined}>
                  <span className="viewer-no">{n}</span>
                  <span className={text === undefined ? 'viewer-text viewer-pending' : 'viewer-text'}>
                    {text === undefined ? '' : <AnsiText line={text.slice(0, MAX_SHOWN_CHARS)} highlight={matched ? search.query : undefined} />}
                  </span>
                </div>
              );
            })}
          </div>
          <div ref={spacerRef} className="viewer-spacer" />
        </div>
      </div>
    </div>
  );
}
