import { useTranslation } from 'react-i18next';
import type { FixPlanView } from '../../../shared/fixes';
import { cancelFix, openConfirm, planFix, resumeFix, verifyAgain } from '../fix-actions';
import { goTo } from '../store';
import { FixOutcomeView } from './FixOutcomeView';
import { useFixStep, type PlanRun } from './fix-store';
import { localizeProgress } from '../../../shared/i18n/fix-text';
import { formatIn } from '../../../shared/i18n/text';
import { useLanguage } from './use-language';

/** Live progress of the running operation, then its result and what can be done next. */
export function FixRunPanel({ planId, plan, run }: { planId: string; plan: FixPlanView; run: PlanRun }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const busy = useFixStep((s) => s.busy === planId);
  const keeping = useFixStep((s) => s.tokenKeeping);
  const running = run.operationId !== undefined;
  const outcome = run.outcome;
  const changedSomething = outcome !== undefined && (outcome.result === 'applied' || (outcome.result === 'failed' && outcome.changed.length > 0));
  return (
    <section className="fix-run" aria-label={t('fix.run.label')}>
      <h5>{t('fix.run.title')}</h5>
      <ol className="fix-progress" aria-live="polite">
        {run.progress.map((given) => localizeProgress(given, lang)).map((p, i) => (
          <li key={i} className={`progress-${p.state}`}>
            <strong>{t(`fix.step.${p.step}`)}</strong> <span className="fix-state">{t(`fix.state.${p.state}`)}</span>: {p.message}
          </li>
        ))}
      </ol>
      {running && (
        <div className="actions">
          <p role="status" className="meta">
            {t('fix.run.running')}
          </p>
          <button type="button" onClick={() => void cancelFix(planId)}>
            {t('common.cancel')}
          </button>
        </div>
      )}
      {outcome && <FixOutcomeView outcome={outcome} />}
      {outcome?.result === 'failed' && run.resumable && (
        <section className="fix-recovery" aria-labelledby={`${planId}-recovery`}>
          <h5 id={`${planId}-recovery`}>{t('fix.recovery.title')}</h5>
          <p>{t(keeping === 'safe-storage' ? 'fix.recovery.safeStorage' : 'fix.recovery.memory')}</p>
          <button type="button" className="primary" disabled={running} onClick={() => void resumeFix(planId)}>
            {t('fix.recovery.resume')}
          </button>
        </section>
      )}
      {run.verify && (
        <p role="status" className={run.verify.ok ? 'fix-ok' : 'fix-failed'}>
          {run.verify.ok ? t('fix.verify.ok') : t('fix.verify.failed')} {run.verify.message ? formatIn(run.verify.message, lang, 'fixes') : run.verify.detail}
        </p>
      )}
      {run.recollect && (
        <p role="status" className={run.recollect === 'gone' ? 'fix-ok' : run.recollect === 'running' ? 'meta' : 'fix-failed'}>
          {t(`fix.recollect.${run.recollect}`)}
        </p>
      )}
      {!running && outcome && (
        <div className="actions">
          {outcome.result === 'applied' && (
            <button type="button" disabled={busy} onClick={() => void verifyAgain(planId)}>
              {t('fix.verify.again')}
            </button>
          )}
          {changedSomething && plan.rollback.possible && (
            <button type="button" onClick={() => void openConfirm(planId, 'rollback')}>
              {t('fix.rollback')}
            </button>
          )}
          {(outcome.result === 'failed' || outcome.result === 'refused' || outcome.result === 'rolled-back') && !run.resumable && (
            <button type="button" onClick={() => void planFix()}>
              {t('fix.planAgain')}
            </button>
          )}
          {(run.recollect === 'gone' || run.recollect === 'still') && (
            <button type="button" className="primary" onClick={() => goTo('findings')}>
              {t('fix.showFindings')}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
