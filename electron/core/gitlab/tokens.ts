import { isKnownFake } from '../evidence/redact/rules';

/** GitLab token kinds, by prefix (FIELD-NOTES.md §1, GitLab doc/security/tokens). */
export type TokenKind =
  | 'personal-access-token'
  | 'runner-authentication-token'
  | 'runner-token-from-registration'
  | 'runner-registration-token'
  | 'ci-job-token'
  | 'deploy-token'
  | 'feed-token'
  | 'incoming-mail-token'
  | 'agent-token'
  | 'oauth-application-secret'
  | 'pipeline-trigger-token'
  | 'scim-token'
  | 'feature-flag-client-token'
  | 'session-cookie'
  | 'unprefixed-legacy'
  | 'placeholder'
  | 'empty'
  | 'unknown';

export interface TokenClassification {
  kind: TokenKind;
  label: string;
  /** The GitLab prefix found (`glpat-`), if any. */
  prefix?: string;
  /** An instance's own prefix in front of GitLab's (`corp-` in `corp-glpat-…`). */
  customPrefix?: string;
  /** Whether gitlab-runner can authenticate with it as `token` in config.toml. */
  runnerUsable: 'yes' | 'no' | 'maybe';
  /** Leading or trailing whitespace or a newline, e.g. from a Secret made with `echo`. */
  surroundingWhitespace: boolean;
  length: number;
}

const PREFIXES: readonly { prefix: string; kind: TokenKind; label: string; runnerUsable: 'yes' | 'no' }[] = [
  { prefix: 'glpat-', kind: 'personal-access-token', label: 'personal, project or group access token (glpat-)', runnerUsable: 'no' },
  {
    prefix: 'glrtr-',
    kind: 'runner-token-from-registration',
    label: 'runner authentication token created with a registration token (glrtr-)',
    runnerUsable: 'yes',
  },
  { prefix: 'glrt-', kind: 'runner-authentication-token', label: 'runner authentication token (glrt-)', runnerUsable: 'yes' },
  {
    prefix: 'GR1348941',
    kind: 'runner-registration-token',
    label: 'runner registration token (GR1348941, deprecated)',
    runnerUsable: 'no',
  },
  { prefix: 'glcbt-', kind: 'ci-job-token', label: 'CI/CD job token (glcbt-)', runnerUsable: 'no' },
  { prefix: 'gldt-', kind: 'deploy-token', label: 'deploy token (gldt-)', runnerUsable: 'no' },
  { prefix: 'glft-', kind: 'feed-token', label: 'feed token (glft-)', runnerUsable: 'no' },
  { prefix: 'glimt-', kind: 'incoming-mail-token', label: 'incoming mail token (glimt-)', runnerUsable: 'no' },
  { prefix: 'glagent-', kind: 'agent-token', label: 'GitLab agent for Kubernetes token (glagent-)', runnerUsable: 'no' },
  { prefix: 'gloas-', kind: 'oauth-application-secret', label: 'OAuth application secret (gloas-)', runnerUsable: 'no' },
  { prefix: 'glptt-', kind: 'pipeline-trigger-token', label: 'pipeline trigger token (glptt-)', runnerUsable: 'no' },
  { prefix: 'glsoat-', kind: 'scim-token', label: 'SCIM OAuth token (glsoat-)', runnerUsable: 'no' },
  { prefix: 'glffct-', kind: 'feature-flag-client-token', label: 'feature flag client token (glffct-)', runnerUsable: 'no' },
  { prefix: '_gitlab_session=', kind: 'session-cookie', label: 'GitLab session cookie', runnerUsable: 'no' },
];

const PLACEHOLDER =
  /^(?:__[A-Z0-9_]+__|<[^>]+>|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|\{\{.*\}\}|\[REDACTED[^\]]*\]|changeme|REPLACE[_-]?ME|TOKEN)$/i;

/**
 * Classifies a token from its text alone, never sending it anywhere. Prefixes are matched
 * inside the token too, because instances may put their own prefix in front (`corp-glpat-…`).
 * A token without any prefix is a legacy runner token or an old personal access token: only
 * GitLab can tell which (see the PAT test).
 */
export function classifyToken(raw: string): TokenClassification {
  const token = raw.trim();
  const base = { surroundingWhitespace: token !== raw && token.length > 0, length: token.length };
  if (!token) return { kind: 'empty', label: 'empty token', runnerUsable: 'no', ...base, surroundingWhitespace: raw.length > 0 };
  if (PLACEHOLDER.test(token) || isKnownFake(token))
    return { kind: 'placeholder', label: 'placeholder, not a real token', runnerUsable: 'no', ...base };
  for (const p of PREFIXES) {
    const at = token.indexOf(p.prefix);
    if (at < 0) continue;
    const custom = token.slice(0, at);
    if (at > 0 && !/^[A-Za-z0-9][A-Za-z0-9_]*-$/.test(custom)) continue;
    if (token.length - at - p.prefix.length < 8) continue;
    return {
      kind: p.kind,
      label: p.label,
      prefix: p.prefix,
      ...(custom ? { customPrefix: custom } : {}),
      runnerUsable: p.runnerUsable,
      ...base,
    };
  }
  if (/^[A-Za-z0-9_-]{16,64}$/.test(token)) {
    return {
      kind: 'unprefixed-legacy',
      label: 'unprefixed token: a legacy runner token or an old personal access token',
      runnerUsable: 'maybe',
      ...base,
    };
  }
  return { kind: 'unknown', label: 'not a GitLab token format', runnerUsable: 'no', ...base };
}
