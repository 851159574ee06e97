/**
 * The kinds of GitLab token, in one table (FIELD-NOTES.md §1; GitLab doc/security/tokens;
 * gitleaks rules/gitlab.go). Redaction labels its placeholders from it, and diagnosis, the
 * GitLab token check and the Kubernetes Secret facts read kinds from it, so a token and its
 * placeholder always tell the same story: `glrtr-` and `glrt-` get different placeholder
 * labels, and a finding that depends on the difference fires on a redacted bundle too.
 */
export const GITLAB_TOKEN_KIND_IDS = [
  'personal-access-token',
  'runner-authentication-token',
  'runner-token-from-registration',
  'runner-registration-token',
  'ci-job-token',
  'deploy-token',
  'feed-token',
  'incoming-mail-token',
  'agent-token',
  'oauth-application-secret',
  'pipeline-trigger-token',
  'scim-token',
  'feature-flag-client-token',
  'unprefixed-legacy',
] as const;
export type GitlabTokenKindId = (typeof GITLAB_TOKEN_KIND_IDS)[number];

export interface GitlabTokenKind {
  id: GitlabTokenKindId;
  /** GitLab's prefix; '' for legacy tokens, which have none. */
  prefix: string;
  /** The label in a redaction placeholder: `[REDACTED <label> #n]`. Unique per kind. */
  redactionLabel: string;
  /** For people. */
  description: string;
  /** Whether gitlab-runner can authenticate with it as `token` in config.toml. */
  runnerUsable: 'yes' | 'no' | 'maybe';
}

/** Longest prefix first where one holds another (`glrtr-` before `glrt-`). */
export const GITLAB_TOKEN_KINDS: readonly GitlabTokenKind[] = [
  { id: 'personal-access-token', prefix: 'glpat-', redactionLabel: 'gitlab-personal-token', description: 'personal, project or group access token (glpat-)', runnerUsable: 'no' },
  {
    id: 'runner-token-from-registration',
    prefix: 'glrtr-',
    redactionLabel: 'gitlab-runner-token-from-registration',
    description: 'runner authentication token created with a registration token (glrtr-)',
    runnerUsable: 'yes',
  },
  { id: 'runner-authentication-token', prefix: 'glrt-', redactionLabel: 'gitlab-runner-token', description: 'runner authentication token (glrt-)', runnerUsable: 'yes' },
  { id: 'runner-registration-token', prefix: 'GR1348941', redactionLabel: 'gitlab-registration-token', description: 'runner registration token (GR1348941, deprecated)', runnerUsable: 'no' },
  { id: 'ci-job-token', prefix: 'glcbt-', redactionLabel: 'gitlab-job-token', description: 'CI/CD job token (glcbt-)', runnerUsable: 'no' },
  { id: 'deploy-token', prefix: 'gldt-', redactionLabel: 'gitlab-deploy-token', description: 'deploy token (gldt-)', runnerUsable: 'no' },
  { id: 'feed-token', prefix: 'glft-', redactionLabel: 'gitlab-feed-token', description: 'feed token (glft-)', runnerUsable: 'no' },
  { id: 'incoming-mail-token', prefix: 'glimt-', redactionLabel: 'gitlab-incoming-mail-token', description: 'incoming mail token (glimt-)', runnerUsable: 'no' },
  { id: 'agent-token', prefix: 'glagent-', redactionLabel: 'gitlab-agent-token', description: 'GitLab agent for Kubernetes token (glagent-)', runnerUsable: 'no' },
  { id: 'oauth-application-secret', prefix: 'gloas-', redactionLabel: 'gitlab-oauth-secret', description: 'OAuth application secret (gloas-)', runnerUsable: 'no' },
  { id: 'pipeline-trigger-token', prefix: 'glptt-', redactionLabel: 'gitlab-trigger-token', description: 'pipeline trigger token (glptt-)', runnerUsable: 'no' },
  { id: 'scim-token', prefix: 'glsoat-', redactionLabel: 'gitlab-scim-token', description: 'SCIM OAuth token (glsoat-)', runnerUsable: 'no' },
  { id: 'feature-flag-client-token', prefix: 'glffct-', redactionLabel: 'gitlab-feature-flag-token', description: 'feature flag client token (glffct-)', runnerUsable: 'no' },
  {
    id: 'unprefixed-legacy',
    prefix: '',
    redactionLabel: 'gitlab-legacy-runner-token',
    description: 'unprefixed token: a legacy runner token or an old personal access token',
    runnerUsable: 'maybe',
  },
];

/** The kinds that carry a prefix, in match order. */
export const PREFIXED_TOKEN_KINDS: readonly GitlabTokenKind[] = GITLAB_TOKEN_KINDS.filter((k) => k.prefix !== '');

export const LEGACY_TOKEN_KIND = GITLAB_TOKEN_KINDS.find((k) => k.id === 'unprefixed-legacy') as GitlabTokenKind;

/** The body after a prefix: at least 20 characters of the token alphabet. */
export const TOKEN_BODY_SOURCE = '[0-9A-Za-z_-]{20,}';
/**
 * Routable tokens (GitLab 17.x+) end in `.<2>.<7>`-ish routing parts: `.01.abcdefghi` or
 * `.abcdefghi` (base36).
 */
export const ROUTABLE_SUFFIX_SOURCE = '(?:\\.[0-9a-z]{2}\\.[0-9a-z]{7,9}|\\.[0-9a-z]{9})';
/** An instance's own prefix in front of GitLab's (`corp-` in `corp-glpat-…`). */
export const CUSTOM_PREFIX = /^[A-Za-z0-9][A-Za-z0-9_]*-$/;
/** A legacy (unprefixed) token as runners and old PATs have them. */
export const LEGACY_TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

/** The kind whose prefix starts at `at` in `text` (custom prefixes before it allowed), if any. */
export function tokenKindByPrefix(text: string): { kind: GitlabTokenKind; at: number } | undefined {
  for (const kind of PREFIXED_TOKEN_KINDS) {
    for (let at = text.indexOf(kind.prefix); at !== -1; at = text.indexOf(kind.prefix, at + 1)) {
      // Inside a longer word (`xglpat-`) it is not a prefix; after `-`, `"`, a space it is.
      if (at === 0 || !/[A-Za-z0-9]/.test(text[at - 1] ?? '')) return { kind, at };
    }
  }
  return undefined;
}

/** The kind whose placeholder label this is, if any. */
export function tokenKindByRedactionLabel(label: string): GitlabTokenKind | undefined {
  return GITLAB_TOKEN_KINDS.find((k) => k.redactionLabel === label);
}

/** The placeholder label of a kind, by id. */
export function redactionLabelOf(id: GitlabTokenKindId): string {
  return (GITLAB_TOKEN_KINDS.find((k) => k.id === id) as GitlabTokenKind).redactionLabel;
}
