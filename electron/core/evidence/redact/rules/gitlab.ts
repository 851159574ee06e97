import { PREFIXED_TOKEN_KINDS, ROUTABLE_SUFFIX_SOURCE, TOKEN_BODY_SOURCE } from '../../../../../shared/gitlab-token-kinds';
import { isKnownFake, spansOf, type RedactionRule, type SecretSpan } from '../rules';

/**
 * GitLab tokens by prefix (shared/gitlab-token-kinds.ts), found anywhere in a token, so a
 * custom instance prefix (`corp-glpat-…`) or an escape before it (`\nglpat-…`) does not hide
 * one. The custom prefix stays visible; it names the instance, not the secret. Each kind has
 * its own placeholder label, so diagnosis tells a `glrtr-` from a `glrt-` in a redacted bundle.
 */
const GITLAB_TOKEN_RE = new RegExp(
  `(${PREFIXED_TOKEN_KINDS.map((k) => k.prefix).join('|')})${TOKEN_BODY_SOURCE}${ROUTABLE_SUFFIX_SOURCE}?(?![0-9A-Za-z_-])`,
  'gd',
);
const LABEL_BY_PREFIX = new Map(PREFIXED_TOKEN_KINDS.map((k) => [k.prefix, k.redactionLabel]));

export const gitlabTokenRule: RedactionRule = {
  id: 'gitlab-token',
  hints: PREFIXED_TOKEN_KINDS.map((k) => k.prefix.toLowerCase()),
  find(line) {
    const spans: SecretSpan[] = [];
    GITLAB_TOKEN_RE.lastIndex = 0;
    for (let m = GITLAB_TOKEN_RE.exec(line); m; m = GITLAB_TOKEN_RE.exec(line)) {
      if (isKnownFake(m[0])) continue;
      spans.push({ start: m.index, end: m.index + m[0].length, label: LABEL_BY_PREFIX.get(m[1] ?? '') ?? 'gitlab-token', priority: 10 });
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
