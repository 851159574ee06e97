import { Trans, useTranslation } from 'react-i18next';
import type { GitlabTestResult } from '../../../shared/ipc/targets';
import { textIn } from '../../../shared/i18n/text';
import { formatAgo } from '../format';
import { useLanguage } from '../fix/use-language';

/** What "Test connection" found: version, whose token, its scopes and expiry, the runners it sees. */
export function GitlabResult({ result }: { result: GitlabTestResult }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { version, user, token, warnings, warningTexts, runners } = result;
  const expiry = (tk: NonNullable<typeof token>) =>
    !tk.expiresAt
      ? t('targets.gitlabResult.neverExpires')
      : tk.daysLeft !== null
        ? t('targets.gitlabResult.expiresIn', { date: tk.expiresAt, count: tk.daysLeft })
        : t('targets.gitlabResult.expires', { date: tk.expiresAt });
  return (
    <div className="test-result gitlab-result">
      <dl className="facts">
        <dt>GitLab</dt>
        <dd>
          <Trans
            i18nKey={version.enterprise ? 'targets.gitlabResult.versionEE' : 'targets.gitlabResult.version'}
            values={{ version: version.version, url: result.url }}
            components={{ code: <code /> }}
          />
        </dd>
        <dt>{t('targets.gitlabResult.signedInAs')}</dt>
        <dd>
          {[user.name ? `${user.username} (${user.name})` : user.username, user.isAdmin && t('targets.gitlabResult.admin')].filter(Boolean).join(', ')}
        </dd>
        {token && (
          <>
            <dt>{t('targets.gitlabResult.token')}</dt>
            <dd>
              <Trans
                i18nKey="targets.gitlabResult.scopes"
                values={{ name: token.name, scopes: token.scopes.join(', ') || t('targets.gitlabResult.none') }}
                components={{ span: <span className="token-scopes" /> }}
              />{' '}
              {expiry(token)}
            </dd>
          </>
        )}
      </dl>
      {warnings.length > 0 && (
        <ul className="warnings" aria-label={t('targets.gitlabResult.warnings')}>
          {warnings.map((w, i) => (
            <li key={w}>{textIn(w, warningTexts[i], lang)}</li>
          ))}
        </ul>
      )}
      <table className="data-table runner-table">
        <caption>
          {t(result.runnersScope === 'all' ? 'targets.gitlabResult.runnersAll' : 'targets.gitlabResult.runnersOwned', { count: runners.length })}
          {result.runnersTruncated ? ` ${t('targets.gitlabResult.truncated')}` : ''}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('targets.gitlabResult.runner')}</th>
            <th scope="col">{t('targets.gitlabResult.type')}</th>
            <th scope="col">{t('targets.gitlabResult.status')}</th>
            <th scope="col">{t('targets.gitlabResult.lastContact')}</th>
          </tr>
        </thead>
        <tbody>
          {runners.map((r) => (
            <tr key={r.id}>
              <th scope="row">{`#${r.id} ${r.description ?? ''}`}</th>
              <td>{r.runnerType?.replace(/_type$/, '') ?? '—'}</td>
              <td>
                <span className={`runner-status runner-status-${r.status}`}>{r.status.replace(/_/g, ' ')}</span>
                {r.paused ? `, ${t('targets.gitlabResult.paused')}` : ''}
              </td>
              <td>{r.contactedAt ? <time dateTime={r.contactedAt}>{formatAgo(r.contactedAt)}</time> : t('targets.gitlabResult.never')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
