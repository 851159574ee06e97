import { useTranslation } from 'react-i18next';
import { openBundle, startDemo, startReal } from '../actions';
import { StepHeading } from '../components/StepHeading';
import { useStore } from '../store';

export function Welcome() {
  const { t } = useTranslation();
  const busy = useStore((s) => s.busy);
  return (
    <section className="step">
      <StepHeading>{t('welcome.title')}</StepHeading>
      <p>{t('welcome.intro')}</p>
      <div className="actions">
        <button type="button" className="primary" onClick={() => void startDemo()} disabled={busy !== undefined}>
          {busy === 'demo' ? t('welcome.demoStarting') : t('welcome.demo')}
        </button>
        <button type="button" onClick={startReal} disabled={busy !== undefined}>
          {t('welcome.real')}
        </button>
        <button type="button" onClick={() => void openBundle()} disabled={busy !== undefined}>
          {busy === 'open' ? t('welcome.opening') : t('welcome.open')}
        </button>
      </div>
      <p className="meta">{t('welcome.about')}</p>
    </section>
  );
}
