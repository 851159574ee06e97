import { useTranslation } from 'react-i18next';
import { startCollect, startReal } from '../actions';
import { StepHeading } from '../components/StepHeading';
import { goTo, useStore } from '../store';

/**
 * Step 3 while the diagnosis on screen comes from an opened bundle: no collection belongs to
 * it, so the rows of an earlier one are not shown; the way on is to collect anew.
 */
export function CollectFromBundle() {
  const { t } = useTranslation();
  const hasTargets = useStore((s) => s.mode !== undefined);
  return (
    <section className="step">
      <StepHeading>{t('collect.fromBundle.title')}</StepHeading>
      <p className="banner banner-info collect-from-bundle">{t('collect.fromBundle.text')}</p>
      <div className="actions">
        {hasTargets ? (
          <>
            <button type="button" onClick={() => goTo('targets')}>
              {t('collect.backToTargets')}
            </button>
            <button type="button" className="primary" onClick={() => void startCollect()}>
              {t('collect.again')}
            </button>
          </>
        ) : (
          <button type="button" className="primary" onClick={startReal}>
            {t('collect.fromBundle.chooseTargets')}
          </button>
        )}
        <button type="button" onClick={() => goTo('findings')}>
          {t('collect.continue')}
        </button>
      </div>
    </section>
  );
}
