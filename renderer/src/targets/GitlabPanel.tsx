import { editGitlab, lookUpStoredToken, testGitlab } from '../target-actions';
import { useStore } from '../store';
import { useTargets } from '../targets-store';
import { GitlabResult } from './GitlabResult';
import { PanelError } from './PanelError';

/** Instance URL, token (handed to the main process once) and CA file, with "Test connection". */
export function GitlabPanel() {
  const g = useTargets((s) => s.gitlab);
  const busy = useTargets((s) => s.busy);
  const error = useTargets((s) => s.errors.gitlab);
  const browser = useStore((s) => s.shell === 'browser');
  const testing = busy === 'gitlab-test' || busy === 'gitlab-token';
  const status = testing
    ? 'Testing the connection…'
    : g.test
      ? `Connected to GitLab ${g.test.version.version} as ${g.test.user.username}.`
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
          <label htmlFor="gitlab-url">Instance URL</label>
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
        <div className="field">
          <label htmlFor="gitlab-token">Personal access token</label>
          <input
            id="gitlab-token"
            type="password"
            autoComplete="off"
            spellCheck={false}
            placeholder={g.tokenRef ? 'Stored; type a new token to replace it' : 'glpat-…'}
            aria-describedby="gitlab-token-note"
            value={g.tokenDraft}
            onChange={(e) => editGitlab({ tokenDraft: e.target.value })}
          />
          <p id="gitlab-token-note" className="field-note">
            Scope <code>read_api</code> is enough to diagnose. The token is stored with the OS keychain
            {browser ? ' in the desktop app; in browser mode it is kept in memory for this run only' : ''}, and is never shown again.
          </p>
          {g.tokenNote && <p className="field-note token-status">{g.tokenNote}</p>}
          {g.tokenWarning && <p className="field-note warning-text">{g.tokenWarning}</p>}
        </div>
        <div className="field">
          <label htmlFor="gitlab-ca">
            CA certificate file <span className="meta">(optional, PEM)</span>
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
            Needed when the instance&rsquo;s certificate is signed by your company&rsquo;s own CA.
          </p>
        </div>
        <button type="submit" disabled={!g.url.trim() || testing}>
          {testing ? 'Testing…' : 'Test connection'}
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
