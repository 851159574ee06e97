import { useEffect, useId } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { StoredRollback } from '../../../shared/ipc/fixes';
import { CodeBlock } from '../components/CodeBlock';
import { loadStoredRollbacks, openStoredRollback } from '../fix-actions';
import { currentLanguage } from '../i18n';
import { FixOutcomeView } from './FixOutcomeView';
import { useFixStep } from './fix-store';
import { FixErrorText } from './FixErrorText';
import { localizePlan } from '../../../shared/i18n/fix-text';
import { useLanguage } from './use-language';

/**
 * Fixes applied earlier, also in a run before the app was restarted, whose rollback data the
 * app keeps: each with its target, when it was applied and what it changed, and "Roll back…",
 * which asks in the same confirm dialog as the Fix step. Nothing shows when there are none.
 */
export function StoredRollbacks() {
  const { t } = useTranslation();
  const id = useId();
  const stored = useFixStep((s) => s.stored);
  const error = useFixStep((s) => s.storedError);
  useEffect(() => void loadStoredRollbacks(), []);
  if (!stored.length && !error) return null;
  return (
    <section className="stored-rollbacks" aria-labelledby={id}>
      <h3 id={id}>{t('fix.stored.title')}</h3>
      <p>{t('fix.stored.intro')}</p>
      {error && (
        <div role="alert" className="banner banner-error">
          <FixErrorText error={error} />
        </div>
      )}
      {stored.map((r) => (
        <StoredRollbackCard key={`${r.findingId} ${r.plan.planId}`} stored={r} />
      ))}
    </section>
  );
}

function StoredRollbackCard({ stored }: { stored: StoredRollback }) {
  const { t } = useTranslation();
  const id = useId();
  const plan = localizePlan(stored.plan, useLanguage());
  const run = useFixStep((s) => s.runs[plan.planId]);
  const running = run?.operationId !== undefined;
  const done = run?.outcome?.result === 'rolled-back';
  const when = new Date(stored.savedAt).toLocaleString(currentLanguage());
  return (
    <article className="fix-plan stored-rollback" aria-labelledby={id}>
      <h4 id={id}>{plan.title}</h4>
      <p className="meta">{t('fix.stored.where', { target: plan.target.label, when })}</p>
      <h5>{t('fix.stored.changed')}</h5>
      <ul>
        {plan.changes.map((c, i) => (
          <li key={i}>{c}</li>
        ))}
      </ul>
      {plan.diff && (
        <details>
          <summary>{t('fix.plan.diff')}</summary>
          <CodeBlock code={plan.diff} className="fix-diff" diff />
        </details>
      )}
      <p>
        <strong>{t('fix.plan.canRollBack')}</strong> {plan.rollback.how}
      </p>
      {stored.fromApp ? (
        <div className="actions">
          <button type="button" aria-describedby={id} disabled={running || done} onClick={() => void openStoredRollback(stored.findingId, stored.plan.planId)}>
            {t('fix.rollback')}
          </button>
        </div>
      ) : (
        <p className="meta">
          <Trans i18nKey="fix.stored.fromCli" values={{ finding: stored.findingId }} components={{ code: <code /> }} />
        </p>
      )}
      {running && (
        <p role="status" className="meta">
          {t('fix.run.running')}
        </p>
      )}
      {run?.outcome && <FixOutcomeView outcome={run.outcome} />}
    </article>
  );
}
