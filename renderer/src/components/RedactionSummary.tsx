import { useTranslation } from 'react-i18next';
import type { RedactionSummary as Summary } from '../../../shared/evidence';

/** How many secrets of each kind were replaced before anything was written. */
export function RedactionSummary({ summary }: { summary: Summary }) {
  const { t } = useTranslation();
  const entries = Object.entries(summary).filter(([, n]) => n > 0);
  if (entries.length === 0) return <p>{t('redaction.none')}</p>;
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  return (
    <>
      <p>{t('redaction.replaced', { count: total })}</p>
      <ul className="redactions">
        {entries.map(([rule, n]) => (
          <li key={rule}>
            <code>{rule}</code>: {n}
          </li>
        ))}
      </ul>
    </>
  );
}
