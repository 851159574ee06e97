import { useTranslation } from 'react-i18next';
import { startCollect } from '../actions';
import { formatWhen } from '../format';
import { useLanguage } from '../fix/use-language';
import { useStore } from '../store';

/**
 * A diagnosis restored after a restart: when it was collected, and the one way on to fixes,
 * which act on live systems and so need fresh evidence: collecting again from the same targets.
 */
export function RestoredNotice({ text }: { text: 'findings.restored' | 'fix.restored' | 'collect.restored' }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const collectedAt = useStore((s) => s.session?.collectedAt);
  const busy = useStore((s) => s.busy === 'collect');
  return (
    <div className="banner banner-info restored-notice">
      <p>{t(text, { when: collectedAt ? formatWhen(collectedAt, lang) : t('resume.unknownTime') })}</p>
      {text !== 'collect.restored' && (
        <button type="button" onClick={() => void startCollect()} disabled={busy}>
          {t('collect.again')}
        </button>
      )}
    </div>
  );
}
