import { Trans, useTranslation } from 'react-i18next';
import { goTo, useStore } from '../store';
import { AdviceText } from './AdviceText';
import { StepHeading } from './StepHeading';

/** The Fix step's place in the wizard: the chosen fix and how to carry it out by hand. */
export function FixPlaceholder() {
  const { t } = useTranslation();
  const chosen = useStore((s) => s.fix);
  return (
    <section className="step">
      <StepHeading>{t('fix.title')}</StepHeading>
      {chosen && (
        <>
          <h3>{chosen.fix.title}</h3>
          <p className="meta">{chosen.finding.title}</p>
          <p>
            <Trans i18nKey="fix.notApplied" values={{ finding: chosen.finding.id }} components={{ code: <code /> }} />
          </p>
          {chosen.fix.manual && <AdviceText text={chosen.fix.manual} />}
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
