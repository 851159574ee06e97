import type { TFunction } from 'i18next';
import { Trans, useTranslation } from 'react-i18next';
import type { GitlabTestResult } from '../../../shared/ipc/targets';
import { textIn } from '../../../shared/i18n/text';
import { formatAgo } from '../format';
import { useLanguage } from '../fix/use-language';

/** A runner's status as GitLab names it (online, offline, stale, never_contacted), in the window's language. */
function statusText(t: TFunction, status: string): string {
  switch (status) {
    case 'online':
      return t('targets.gitlabResult.statusOnline');
    case 'offline':
      return t('targets.gitlabResult.statusOffline');
    case 'stale':
      return t('targets.gitlabResult.statusStale');
    case 'never_contacted':
      return t('targets.gitlabResult.statusNeverContacted');
    default:
      return status.replace(/_/g, ' ');
  }
}

/** A runner's type (instance_type, group_type, project_type), in the window's language. */
function typeText(t: TFunction, type: string | null): string {
  switch (type) {
    case 'instance_type':
      return t('targets.gitlabResult.typeInstance');
    case 'group_type':
      return t('targets.gitlabResult.typeGroup');
    case 'project_type':
      return t('targets.gitlabResult.typeProject');
    default:
      return type?.replace(/_type$/, '') ?? '—';
  }
}

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
              <td>{typeText(t, r.runnerType)}</td>
              <td>
                <span className={`runner-status runner-status-${r.status}`}>{statusText(t, r.status)}</span>
                {r.paused ? `, ${t('targets.gitlabResult.paused')}` : ''}
              </td>
              <td>{r.contactedAt ? <time dateTime={r.contactedAt}>{formatAgo(r.contactedAt, lang)}</time> : t('targets.gitlabResult.never')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
