import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { openBundle, startDemo, startReal } from '../actions';
import { StepHeading } from '../components/StepHeading';
import { StoredRollbacks } from '../fix/StoredRollbacks';
import { useStore } from '../store';

export function Welcome() {
  const { t } = useTranslation();
  const busy = useStore((s) => s.busy);
  // Browser mode has no native dialog: the page's own file picker, whose file streams to the main side.
  const browser = useStore((s) => s.shell === 'browser');
  const picker = useRef<HTMLInputElement>(null);
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
        <button type="button" onClick={() => (browser ? picker.current?.click() : void openBundle())} disabled={busy !== undefined}>
          {busy === 'open' ? t('welcome.opening') : t('welcome.open')}
        </button>
        {browser && (
          <input
            ref={picker}
            type="file"
            accept=".zip,application/zip"
            hidden
            aria-label={t('welcome.pickBundle')}
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void openBundle(file);
            }}
          />
        )}
      </div>
      <p className="meta">{t('welcome.about')}</p>
      <StoredRollbacks />
    </section>
  );
}
