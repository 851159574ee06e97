import { isKnownFake, spansOf, type RedactionRule, type SecretSpan } from '../rules';

/**
 * GitLab tokens by prefix (FIELD-NOTES.md §1, gitleaks rules/gitlab.go), found anywhere in a
 * token, so a custom instance prefix (`corp-glpat-…`) or an escape before it (`\nglpat-…`)
 * does not hide one. The custom prefix stays visible; it names the instance, not the secret.
 * Routable forms carry a `.<2 chars><7 chars>` or `.<2>.<7>` suffix.
 */
const PREFIX_LABELS: Record<string, string> = {
  'glpat-': 'gitlab-personal-token',
  'glrtr-': 'gitlab-runner-token',
  'glrt-': 'gitlab-runner-token',
  'glcbt-': 'gitlab-job-token',
  'gldt-': 'gitlab-deploy-token',
  'glft-': 'gitlab-feed-token',
  'glimt-': 'gitlab-incoming-mail-token',
  'glagent-': 'gitlab-agent-token',
  'gloas-': 'gitlab-oauth-secret',
  'glptt-': 'gitlab-trigger-token',
  'glsoat-': 'gitlab-scim-token',
  'glffct-': 'gitlab-feature-flag-token',
  GR1348941: 'gitlab-registration-token',
};

const GITLAB_TOKEN_RE = new RegExp(
  `(${Object.keys(PREFIX_LABELS).join('|')})[0-9A-Za-z_-]{20,}(?:\\.[0-9a-z]{2}\\.[0-9a-z]{7,9}|\\.[0-9a-z]{9})?(?![0-9A-Za-z_-])`,
  'gd',
);

export const gitlabTokenRule: RedactionRule = {
  id: 'gitlab-token',
  hints: ['glpat-', 'glrt', 'glcbt-', 'gldt-', 'glft-', 'glimt-', 'glagent-', 'gloas-', 'glptt-', 'glsoat-', 'glffct-', 'gr1348941'],
  find(line) {
    const spans: SecretSpan[] = [];
    GITLAB_TOKEN_RE.lastIndex = 0;
    for (let m = GITLAB_TOKEN_RE.exec(line); m; m = GITLAB_TOKEN_RE.exec(line)) {
      if (isKnownFake(m[0])) continue;
      spans.push({ start: m.index, end: m.index + m[0].length, label: PREFIX_LABELS[m[1] ?? ''] ?? 'gitlab-token', priority: 10 });
    }
    return spans;
  },
};

/** The GitLab web session cookie, in Cookie headers and curl traces. */
export const gitlabSessionRule: RedactionRule = {
  id: 'gitlab-session-cookie',
  hints: ['_gitlab_session'],
  find: (line) => spansOf(line, /_gitlab_session=([^;\s"'\\,]+)/dg, 'gitlab-session-cookie', 5),
};
