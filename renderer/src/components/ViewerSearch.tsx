import type { KeyboardEvent, Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { setSearchQuery } from '../viewer/search-actions';
import { useViewer } from '../viewer/viewer-store';

/**
 * The viewer's search box: the count of matching lines ("3 of 41"), next and previous.
 * Enter/F3 go to the next match, Shift+Enter/Shift+F3 to the previous (the dialog handles F3).
 */
export function ViewerSearch({ inputRef, onMove }: { inputRef: Ref<HTMLInputElement>; onMove: (move: 'next' | 'previous') => void }) {
  const { t } = useTranslation();
  const search = useViewer((s) => s.search);
  const found = search.state === 'done' && search.matches.length > 0;
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    if (found) onMove(e.shiftKey ? 'previous' : 'next');
  };
  return (
    <div className="viewer-search" role="search">
      <label htmlFor="viewer-search-input">{t('viewer.find')}</label>
      <input
        id="viewer-search-input"
        ref={inputRef}
        type="search"
        autoComplete="off"
        spellCheck={false}
        aria-describedby="viewer-search-help"
        value={search.query}
        onChange={(e) => setSearchQuery(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <button type="button" disabled={!found} onClick={() => onMove('previous')}>
        {t('viewer.previousMatch')}
      </button>
      <button type="button" disabled={!found} onClick={() => onMove('next')}>
        {t('viewer.nextMatch')}
      </button>
      <span className="meta viewer-search-count" role="status">
        {searchStatus(t, search)}
      </span>
      <span id="viewer-search-help" hidden>
        {t('viewer.searchHelp')}
      </span>
    </div>
  );
}

function searchStatus(t: ReturnType<typeof useTranslation>['t'], search: ReturnType<typeof useViewer.getState>['search']): string {
  if (search.state === 'idle') return '';
  if (search.state === 'searching') return t('viewer.searching');
  if (search.state === 'failed') return t('viewer.searchFailed', { error: search.error ?? '' });
  if (search.matches.length === 0) return t('viewer.noMatches');
  return t(search.truncated ? 'viewer.matchOfMore' : 'viewer.matchOf', { current: Math.max(1, search.current + 1), total: search.matches.length });
}
