import { useTranslation } from 'react-i18next';
import type { Finding, FixRef } from '../../../shared/findings';
import { openFix } from '../fix-actions';
import { AdviceText } from './AdviceText';

/** What can be done: the steps by hand, and for the fixes Runner Doctor applies, a button to the Fix step. */
export function FixList({ finding, fixes }: { finding: Finding; fixes: readonly FixRef[] }) {
  const { t } = useTranslation();
  if (fixes.length === 0) return null;
  return (
    <ul className="fixes">
      {fixes.map((fix) => (
        <li key={fix.id}>
          <div className="fix-title">
            <strong>{fix.title}</strong>
            {fix.automated && (
              <button type="button" className="primary fix-open" onClick={() => openFix(finding, fix)}>
                {t('findings.applyFix')}
              </button>
            )}
          </div>
          {fix.manual ? (
            <>
              <span className="fix-kind">{t('findings.byHand')}</span>
              <AdviceText text={fix.manual} />
            </>
          ) : (
            <span className="fix-kind">{t('findings.byHandOnly')}</span>
          )}
        </li>
      ))}
    </ul>
  );
}
