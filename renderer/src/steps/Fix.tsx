import { Trans, useTranslation } from 'react-i18next';
import { AdviceText } from '../components/AdviceText';
import { RestoredNotice } from '../components/RestoredNotice';
import { StepHeading } from '../components/StepHeading';
import { planFix } from '../fix-actions';
import { FixPlanCard } from '../fix/FixPlanCard';
import { useFixStep } from '../fix/fix-store';
import { FixErrorText } from '../fix/FixErrorText';
import { goTo, useStore } from '../store';

/**
 * The Fix step: for a fix Runner Doctor applies, its plan from fresh reads, the dry run, the
 * confirm dialog, live progress, verification, rollback or resume; for any other, the steps by hand.
 */
export function Fix() {
  const { t } = useTranslation();
  const chosen = useStore((s) => s.fix);
  const origin = useStore((s) => s.session?.origin);
  const phase = useFixStep((s) => s.phase);
  const plans = useFixStep((s) => s.plans);
  const error = useFixStep((s) => s.error);
  const keeping = useFixStep((s) => s.tokenKeeping);
  const automated = chosen?.fix.automated === true && origin === 'collected';
  return (
    <section className="step fix-step">
      <StepHeading>{t('fix.title')}</StepHeading>
      {chosen && (
        <>
          <h3>{chosen.fix.title}</h3>
          <p className="meta">{chosen.finding.title}</p>
          {!automated && (
            <>
              {chosen.fix.automated && origin === 'restored' ? (
                <>
                  <RestoredNotice text="fix.restored" />
                  {chosen.fix.manual && <p>{t('findings.byHand')}</p>}
                </>
              ) : (
                <p>
                  {chosen.fix.automated ? (
                    <Trans i18nKey="fix.fromBundle" values={{ finding: chosen.finding.id }} components={{ code: <code /> }} />
                  ) : (
                    t('fix.manualOnly')
                  )}
                </p>
              )}
              {chosen.fix.manual && <AdviceText text={chosen.fix.manual} />}
            </>
          )}
          {automated && phase === 'planning' && (
            <p role="status" className="meta">
              {t('fix.planning')}
            </p>
          )}
          {automated && phase === 'failed' && (
            <div role="alert" className="banner banner-error">
              {/* A target's failure already says "Cannot plan <fix>:"; the heading would say it twice. */}
              {error?.text?.key === 'fix.app.cannotPlan' ? (
                <FixErrorText error={error} />
              ) : (
                <>
                  <strong>{t('fix.planFailed')}</strong> {error && <FixErrorText error={error} />}
                </>
              )}{' '}
              <button type="button" className="link-button" onClick={() => void planFix()}>
                {t('fix.planAgain')}
              </button>
            </div>
          )}
          {automated && phase === 'ready' && (
            <>
              {error && (
                <div role="alert" className="banner banner-error">
                  <FixErrorText error={error} />
                </div>
              )}
              {keeping && <p className="banner banner-info">{t(keeping === 'safe-storage' ? 'fix.token.safeStorage' : 'fix.token.memory')}</p>}
              {plans.length === 0 && <p>{t('fix.nothingToDo')}</p>}
              {plans.map((p) => (
                <FixPlanCard key={p.plan.planId} planned={p} />
              ))}
            </>
          )}
        </>
      )}
      <div className="actions">
        <button type="button" onClick={() => goTo('findings')}>
          {t('fix.back')}
        </button>
      </div>
    </section>
  );
}
