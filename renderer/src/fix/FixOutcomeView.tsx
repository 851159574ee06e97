import { useTranslation } from 'react-i18next';
import type { FixOutcome } from '../../../shared/fixes';
import type { Language } from '../../../shared/i18n';
import { localizeOutcome } from '../../../shared/i18n/fix-text';
import { formatIn, TEXT_CATALOGS } from '../../../shared/i18n/text';
import { isMessage, type Message } from '../../../shared/messages';
import { useLanguage } from './use-language';

/** Outcomes the heading already says in full ("Rolled back."): nothing follows it. */
const SAID_BY_HEADING = new Set(['outcome.rolledBack', 'outcome.replanned']);

/**
 * The outcome's text under its heading. "Applied and verified." already heads it, so for an
 * applied fix only what the verification saw follows, not "applied and verified: …" again.
 */
function outcomeText(given: FixOutcome, shown: FixOutcome, lang: Language): string {
  const said = given.messages?.message;
  if (said && SAID_BY_HEADING.has(said.key)) return '';
  const detail = said?.key === 'outcome.verified' || said?.key === 'outcome.notVerified' ? said.params?.['detail'] : undefined;
  if (typeof detail === 'string' || typeof detail === 'number') return String(detail);
  return isMessage(detail) ? formatIn(detail, lang, 'fixes') : asSentence(shown.message, said, lang);
}

/** After the heading's full stop the outcome is a sentence of its own: a capital first letter, unless it opens on a name ("{{fix}} cannot be rolled back"). */
function asSentence(text: string, said: Message | undefined, lang: Language): string {
  const template = said ? TEXT_CATALOGS[lang].fixes[said.key] : undefined;
  if (!template || template.startsWith('{{')) return text;
  return text.charAt(0).toLocaleUpperCase(lang) + text.slice(1);
}

/** What the fix did: the result in words, what was changed and what was not, and the way forward. */
export function FixOutcomeView({ outcome: given }: { outcome: FixOutcome }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const outcome = localizeOutcome(given, lang);
  const good = outcome.result === 'applied' ? outcome.verified === true : outcome.result === 'rolled-back';
  const bad = outcome.result === 'failed' || (outcome.result === 'applied' && outcome.verified !== true);
  const key = outcome.result === 'applied' ? (outcome.verified ? 'verified' : 'notVerified') : outcome.result;
  return (
    <div className={good ? 'fix-outcome fix-ok' : bad ? 'fix-outcome fix-failed' : 'fix-outcome'} role={bad ? 'alert' : 'status'}>
      <p>
        <strong>{t(`fix.result.${key}`)}</strong> {outcomeText(given, outcome, lang)}
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
