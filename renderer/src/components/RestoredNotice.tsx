import { useTranslation } from 'react-i18next';
import { startCollect } from '../actions';
import { formatWhen } from '../format';
import { useLanguage } from '../fix/use-language';
import { useStore } from '../store';

/** The wording when the collection after the restored one ended without a diagnosis of its own. */
const BEFORE = {
  'findings.restored': { cancelled: 'findings.restoredBeforeCancelled', failed: 'findings.restoredBeforeFailed' },
  'fix.restored': { cancelled: 'fix.restoredBeforeCancelled', failed: 'fix.restoredBeforeFailed' },
} as const;

/**
 * A diagnosis restored after a restart: when it was collected, and the one way on to fixes,
 * which act on live systems and so need fresh evidence: collecting again from the same targets.
 * A collection cancelled or failed after it left the diagnosis as it was, so it is then the last
 * collection that completed, not the last one (whose rows step 3 shows).
 */
export function RestoredNotice({ text }: { text: 'findings.restored' | 'fix.restored' | 'collect.restored' }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const collectedAt = useStore((s) => s.session?.collectedAt);
  const busy = useStore((s) => s.busy === 'collect');
  const ended = useStore((s) => (s.operationId ? s.finished[s.operationId]?.status : undefined));
  const key = text !== 'collect.restored' && (ended === 'cancelled' || ended === 'failed') ? BEFORE[text][ended] : text;
  return (
    <div className="banner banner-info restored-notice">
      <p>{t(key, { when: collectedAt ? formatWhen(collectedAt, lang) : t('resume.unknownTime') })}</p>
      {text !== 'collect.restored' && (
        <button type="button" onClick={() => void startCollect()} disabled={busy}>
          {t('collect.again')}
        </button>
      )}
    </div>
  );
}
