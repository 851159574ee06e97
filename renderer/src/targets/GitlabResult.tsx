import type { GitlabTestResult } from '../../../shared/ipc/targets';
import { formatAgo, plural } from '../format';

/** What "Test connection" found: version, whose token, its scopes and expiry, the runners it sees. */
export function GitlabResult({ result }: { result: GitlabTestResult }) {
  const { version, user, token, warnings, runners } = result;
  return (
    <div className="test-result gitlab-result">
      <dl className="facts">
        <dt>GitLab</dt>
        <dd>
          {version.version} {version.enterprise ? '(Enterprise Edition)' : ''} at <code>{result.url}</code>
        </dd>
        <dt>Signed in as</dt>
        <dd>
          {user.username}
          {user.name ? ` (${user.name})` : ''}
          {user.isAdmin ? ', administrator' : ''}
        </dd>
        {token && (
          <>
            <dt>Token</dt>
            <dd>
              {token.name}: scopes <span className="token-scopes">{token.scopes.join(', ') || 'none'}</span>;{' '}
              {token.expiresAt
                ? `expires ${token.expiresAt}${token.daysLeft !== null ? ` (in ${plural(token.daysLeft, 'day')})` : ''}`
                : 'never expires'}
            </dd>
          </>
        )}
      </dl>
      {warnings.length > 0 && (
        <ul className="warnings" aria-label="Warnings">
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <table className="data-table runner-table">
        <caption>
          {plural(runners.length, 'runner')} {result.runnersScope === 'all' ? 'on this instance' : "this token's user owns"}
          {result.runnersTruncated ? ' (first pages only)' : ''}
        </caption>
        <thead>
          <tr>
            <th scope="col">Runner</th>
            <th scope="col">Type</th>
            <th scope="col">Status</th>
            <th scope="col">Last contact</th>
          </tr>
        </thead>
        <tbody>
          {runners.map((r) => (
            <tr key={r.id}>
              <th scope="row">
                #{r.id} {r.description ?? ''}
              </th>
              <td>{r.runnerType?.replace(/_type$/, '') ?? '—'}</td>
              <td>
                <span className={`runner-status runner-status-${r.status}`}>{r.status.replace(/_/g, ' ')}</span>
                {r.paused ? ', paused' : ''}
              </td>
              <td>{r.contactedAt ? <time dateTime={r.contactedAt}>{formatAgo(r.contactedAt)}</time> : 'never'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
