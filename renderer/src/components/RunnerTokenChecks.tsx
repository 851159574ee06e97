import { useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunnerTokenCheckResult } from '../../../shared/ipc/token-checks';
import { loadRunnerTokens, openTokenCheck, tickToken, useTokenChecks } from '../token-check-actions';
import { textIn } from '../../../shared/i18n/text';
import { useLanguage } from '../fix/use-language';

/**
 * "Check these tokens against GitLab", after a collection with a GitLab target: the runner
 * tokens found in config.toml files (type and last 4 only), which to check, and each result.
 * The check is a write in GitLab, so it starts only from its confirm dialog.
 */
export function RunnerTokenChecks({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const id = useId();
  const { tokens, unticked, checking, results, error, gitlabUrl } = useTokenChecks();
  useEffect(() => void loadRunnerTokens(sessionId), [sessionId]);
  if (!tokens.length) return null;
  const chosen = tokens.length - unticked.length;
  return (
    <section className="token-checks" aria-labelledby={id}>
      <h3 id={id}>{t('tokenCheck.title')}</h3>
      <p>{t('tokenCheck.intro', { count: tokens.length, url: gitlabUrl ?? '' })}</p>
      <table className="token-check-table">
        <caption className="visually-hidden">{t('tokenCheck.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('tokenCheck.check')}</th>
            <th scope="col">{t('tokenCheck.runner')}</th>
            <th scope="col">{t('tokenCheck.token')}</th>
            <th scope="col">{t('tokenCheck.where')}</th>
            <th scope="col">{t('tokenCheck.result')}</th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((tok) => (
            <tr key={tok.id}>
              <td>
                <input
                  type="checkbox"
                  aria-label={t('tokenCheck.tick', { runner: tok.runnerName ?? tok.where, token: textIn(tok.token, tok.tokenText, lang) })}
                  checked={!unticked.includes(tok.id)}
                  disabled={checking}
                  onChange={(e) => tickToken(tok.id, e.target.checked)}
                />
              </td>
              <td>{tok.runnerName ?? t('tokenCheck.noName')}</td>
              <td>
                <code>{textIn(tok.token, tok.tokenText, lang)}</code>
              </td>
              <td>
                <code>{tok.where}</code>
              </td>
              <td>{results[tok.id] ? <CheckResult result={results[tok.id]!} /> : t('tokenCheck.notChecked')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {error && (
        <div role="alert" className="banner banner-error">
          {error}
        </div>
      )}
      {checking && (
        <p role="status" className="meta">
          {t('tokenCheck.checking')}
        </p>
      )}
      <div className="actions">
        <button type="button" disabled={checking || chosen === 0} onClick={openTokenCheck}>
          {t('tokenCheck.open', { count: chosen })}
        </button>
      </div>
    </section>
  );
}

function CheckResult({ result }: { result: RunnerTokenCheckResult }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const text = t(`tokenCheck.results.${result.result}`, { status: result.status, systemId: result.systemIdSent });
  return (
    <span className={result.result === 'valid' ? 'fix-ok' : 'fix-failed'} title={result.message === undefined ? undefined : textIn(result.message, result.messageText, lang)}>
      {text}
    </span>
  );
}
