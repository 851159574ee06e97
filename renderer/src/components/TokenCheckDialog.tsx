import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { checkTokens, closeTokenCheck, useTokenChecks } from '../token-check-actions';
import { useModalDialog } from './use-modal-dialog';
import { textIn } from '../../../shared/i18n/text';
import { useLanguage } from '../fix/use-language';

/**
 * The yes before POST /runners/verify: says what GitLab records (a contact from the runner, a
 * runner manager for the system_id sent or `<legacy>`) and which tokens go. Focus starts on
 * Cancel, stays inside, Escape cancels.
 */
export function TokenCheckDialog() {
  const confirming = useTokenChecks((s) => s.confirming);
  return confirming ? <Dialog /> : null;
}

function Dialog() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { ref, onKeyDown } = useModalDialog(closeTokenCheck);
  const titleId = useId();
  const bodyId = useId();
  const all = useTokenChecks((s) => s.tokens);
  const unticked = useTokenChecks((s) => s.unticked);
  const tokens = all.filter((tok) => !unticked.includes(tok.id));
  const gitlabUrl = useTokenChecks((s) => s.gitlabUrl);
  return (
    <div className="dialog-backdrop">
      <div ref={ref} role="dialog" aria-modal="true" aria-labelledby={titleId} aria-describedby={bodyId} className="dialog" onKeyDown={onKeyDown}>
        <h2 id={titleId}>{t('tokenCheck.confirm.title', { count: tokens.length })}</h2>
        <div id={bodyId}>
          <p>
            <strong>{t('tokenCheck.confirm.write')}</strong> {t('tokenCheck.confirm.what')}
          </p>
          <p>{t('tokenCheck.confirm.where', { url: gitlabUrl ?? '' })}</p>
          <ul>
            {tokens.map((tok) => (
              <li key={tok.id}>
                {t('tokenCheck.confirm.item', { runner: tok.runnerName ?? t('tokenCheck.noName'), token: textIn(tok.token, tok.tokenText, lang), systemId: tok.systemId ?? '<legacy>' })}
              </li>
            ))}
          </ul>
        </div>
        <div className="actions">
          <button type="button" data-autofocus onClick={closeTokenCheck}>
            {t('common.cancel')}
          </button>
          <button type="button" className="primary" onClick={() => void checkTokens()}>
            {t('tokenCheck.confirm.yes')}
          </button>
        </div>
      </div>
    </div>
  );
}
