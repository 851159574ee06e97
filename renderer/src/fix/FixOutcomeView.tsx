import { useTranslation } from 'react-i18next';
import type { FixOutcome } from '../../../shared/fixes';
import { localizeOutcome } from '../../../shared/i18n/fix-text';
import { useLanguage } from './use-language';

/** What the fix did: the result in words, what was changed and what was not, and the way forward. */
export function FixOutcomeView({ outcome: given }: { outcome: FixOutcome }) {
  const { t } = useTranslation();
  const outcome = localizeOutcome(given, useLanguage());
  const good = outcome.result === 'applied' ? outcome.verified === true : outcome.result === 'rolled-back';
  const bad = outcome.result === 'failed' || (outcome.result === 'applied' && outcome.verified !== true);
  const key = outcome.result === 'applied' ? (outcome.verified ? 'verified' : 'notVerified') : outcome.result;
  return (
    <div className={good ? 'fix-outcome fix-ok' : bad ? 'fix-outcome fix-failed' : 'fix-outcome'} role={bad ? 'alert' : 'status'}>
      <p>
        <strong>{t(`fix.result.${key}`)}</strong> {outcome.message}
      </p>
      {outcome.changed.length > 0 && (
        <>
          <p>{t('fix.result.changed')}</p>
          <ul>
            {outcome.changed.map((c, i) => (
              <li key={i}>{c}</li>
            ))}
          </ul>
        </>
      )}
      {outcome.notChanged.length > 0 && (
        <>
          <p>{t('fix.result.notChanged')}</p>
          <ul>
            {outcome.notChanged.map((c, i) => (
              <li key={i}>{c}</li>
            ))}
          </ul>
        </>
      )}
      {outcome.nextStep && (
        <p>
          <strong>{t('fix.result.next')}</strong> {outcome.nextStep}
        </p>
      )}
    </div>
  );
}
