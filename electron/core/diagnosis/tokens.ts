/**
 * What kind of GitLab token a value is, by its prefix (FIELD-NOTES.md §1; GitLab
 * `doc/security/tokens/index.md`, gitleaks `rules/gitlab.go`). Prefixes are looked for inside
 * the value, so custom instance prefixes (`corp-glpat-…`) and redacted forms that keep the
 * prefix (`glpat-[REDACTED …]`) are still recognised.
 */
export type TokenKind =
  | 'runner-auth'
  | 'runner-auth-registered'
  | 'personal'
  | 'registration'
  | 'job'
  | 'other-gitlab'
  | 'legacy-runner'
  | 'redacted'
  | 'template'
  | 'empty';

const OTHER_PREFIXES = /(?:^|[^A-Za-z0-9])(?:gldt|glft|glimt|glagent|gloas|glptt|glsoat|glffct)-/;

/** Placeholder labels the redactor gives tokens it recognised by prefix (`[REDACTED gitlab-personal-token #1]`). */
const REDACTED_KIND: Record<string, TokenKind> = {
  'gitlab-personal-token': 'personal',
  'gitlab-runner-token': 'runner-auth',
  'gitlab-registration-token': 'registration',
  'gitlab-job-token': 'job',
};

export function classifyToken(raw: string | undefined): TokenKind {
  const value = (raw ?? '').trim();
  if (!value) return 'empty';
  const label = /\[REDACTED ([\w-]+) #\d+\]/.exec(value)?.[1];
  if (label) return REDACTED_KIND[label] ?? (/^gitlab-.*-(?:token|secret)$/.test(label) ? 'other-gitlab' : 'redacted');
  if (/(?:^|[^A-Za-z0-9])glpat-/.test(value)) return 'personal';
  if (/(?:^|[^A-Za-z0-9])glrtr-/.test(value)) return 'runner-auth-registered';
  if (/(?:^|[^A-Za-z0-9])glrt-/.test(value)) return 'runner-auth';
  if (/(?:^|[^A-Za-z0-9])glcbt-/.test(value)) return 'job';
  if (/(?:^|[^A-Za-z0-9])GR1348941/.test(value)) return 'registration';
  if (OTHER_PREFIXES.test(value)) return 'other-gitlab';
  if (/\[REDACTED\b|\*{4,}|<redacted>/i.test(value)) return 'redacted';
  if (/^\$\{?[A-Z_][A-Z0-9_]*\}?$|\{\{.*\}\}|__[A-Z_]+__/.test(value)) return 'template';
  return 'legacy-runner';
}

export const TOKEN_KIND_LABEL: Record<TokenKind, string> = {
  'runner-auth': 'a runner authentication token (glrt-)',
  'runner-auth-registered': 'a runner authentication token created with a registration token (glrtr-)',
  personal: 'a personal, project or group access token (glpat-)',
  registration: 'a runner registration token (GR1348941…)',
  job: 'a CI job token (glcbt-)',
  'other-gitlab': 'a GitLab token of another kind',
  'legacy-runner': 'a legacy runner token without a prefix',
  redacted: 'a redacted value whose kind is not visible',
  template: 'a template placeholder',
  empty: 'empty',
};
