import { useTranslation } from 'react-i18next';
import { SEVERITIES, type Severity } from '../../../shared/findings';
import { expandAll, setQuery, toggleSeverity, useFindingsView } from '../findings/findings-view';

/**
 * Stays at the top while the findings scroll: counts per severity (each a filter toggle), a
 * text search, how many are shown, and opening or closing every card at once.
 */
export function FindingsToolbar({ counts, shown, total, keys }: { counts: Record<Severity, number>; shown: number; total: number; keys: readonly string[] }) {
  const { t } = useTranslation();
  const severities = useFindingsView((s) => s.severities);
  const query = useFindingsView((s) => s.query);
  const anyOpen = useFindingsView((s) => s.expanded.size > 0);
  return (
    <div className="findings-toolbar" role="search" aria-label={t('findings.toolbar')}>
      <div className="severity-filters" role="group" aria-label={t('findings.filterBySeverity')}>
        {SEVERITIES.map((severity) => (
          <button
            key={severity}
            type="button"
            className={`filter filter-${severity}`}
            aria-pressed={severities[severity]}
            disabled={counts[severity] === 0}
            onClick={() => toggleSeverity(severity)}
          >
            {t(`severity.count.${severity}`, { count: counts[severity] })}
          </button>
        ))}
      </div>
      <label className="findings-search">
        <span className="visually-hidden">{t('findings.search')}</span>
        <input type="search" value={query} placeholder={t('findings.searchPlaceholder')} onChange={(e) => setQuery(e.target.value)} />
      </label>
      <span className="meta findings-shown" aria-live="polite">
        {t('findings.shown', { shown, count: total })}
      </span>
      <button type="button" className="link-button" onClick={() => expandAll(keys, !anyOpen)}>
        {anyOpen ? t('findings.collapseAll') : t('findings.expandAll')}
      </button>
    </div>
  );
}
