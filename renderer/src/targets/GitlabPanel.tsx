import { Trans, useTranslation } from 'react-i18next';
import { editGitlab, lookUpStoredToken, testGitlab } from '../target-actions';
import { useStore } from '../store';
import { isPlainHttp, useTargets } from '../targets-store';
import { GitlabResult } from './GitlabResult';
import { PanelError } from './PanelError';
import { textIn } from '../../../shared/i18n/text';
import { useLanguage } from '../fix/use-language';

/** Instance URL, token (handed to the main process once) and CA file, with "Test connection". */
export function GitlabPanel() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const g = useTargets((s) => s.gitlab);
  const busy = useTargets((s) => s.busy);
  const error = useTargets((s) => s.errors.gitlab);
  const browser = useStore((s) => s.shell === 'browser');
  const testing = busy === 'gitlab-test' || busy === 'gitlab-token';
  const status = testing
    ? t('targets.gitlab.testing')
    : g.test
      ? t('targets.gitlab.connected', { version: g.test.version.version, user: g.test.user.username })
      : '';
  return (
    <section className="panel" aria-labelledby="gitlab-title">
      <h3 id="gitlab-title">GitLab</h3>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void testGitlab();
        }}
      >
        <div className="field">
          <label htmlFor="gitlab-url">{t('targets.gitlab.url')}</label>
          <input
            id="gitlab-url"
            type="text"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            placeholder="https://gitlab.example.com"
            value={g.url}
            onChange={(e) => editGitlab({ url: e.target.value })}
            onBlur={() => void lookUpStoredToken()}
          />
        </div>
        {isPlainHttp(g.url) && (
          <div className="field insecure-http">
            <div className="target">
              <input
                id="gitlab-insecure-http"
                type="checkbox"
                aria-describedby="gitlab-insecure-http-warning"
                checked={g.allowInsecureHttp}
                onChange={(e) => editGitlab({ allowInsecureHttp: e.target.checked })}
              />
              <label htmlFor="gitlab-insecure-http">{t('targets.gitlab.insecureHttp')}</label>
            </div>
            <p id="gitlab-insecure-http-warning" className="field-note warning-text">
              {t('targets.gitlab.insecureHttpWarning')}
            </p>
          </div>
        )}
        <div className="field">
          <label htmlFor="gitlab-token">{t('targets.gitlab.token')}</label>
          <input
            id="gitlab-token"
            type="password"
            autoComplete="off"
            spellCheck={false}
            placeholder={g.tokenRef ? t('targets.gitlab.tokenStored') : 'glpat-…'}
            aria-describedby="gitlab-token-note"
            value={g.tokenDraft}
            onChange={(e) => editGitlab({ tokenDraft: e.target.value })}
          />
          <p id="gitlab-token-note" className="field-note">
            <Trans i18nKey={browser ? 'targets.gitlab.tokenNoteBrowser' : 'targets.gitlab.tokenNote'} components={{ code: <code /> }} />
          </p>
          {g.tokenNote && (
            <p className="field-note token-status">{t(g.tokenNote === 'keychain' ? 'targets.gitlab.keptInKeychain' : 'targets.gitlab.alreadyStored')}</p>
          )}
          {g.tokenWarning && <p className="field-note warning-text">{textIn(g.tokenWarning.message, g.tokenWarning.text, lang)}</p>}
        </div>
        <div className="field">
          <label htmlFor="gitlab-ca">
            {t('targets.gitlab.ca')} <span className="meta">{t('targets.gitlab.caOptional')}</span>
          </label>
          <input
            id="gitlab-ca"
            type="text"
            autoComplete="off"
            spellCheck={false}
            placeholder="/etc/ssl/certs/company-ca.pem"
            aria-describedby="gitlab-ca-note"
            value={g.caFile}
            onChange={(e) => editGitlab({ caFile: e.target.value })}
          />
          <p id="gitlab-ca-note" className="field-note">
            {t('targets.gitlab.caNote')}
          </p>
        </div>
        <button type="submit" disabled={!g.url.trim() || testing}>
          {testing ? t('targets.gitlab.testingShort') : t('targets.gitlab.test')}
        </button>
      </form>
      <p aria-live="polite" className="visually-hidden">
        {status}
      </p>
      {error && <PanelError error={error} />}
      {g.test && <GitlabResult result={g.test} />}
    </section>
  );
}
