/**
 * What kind of GitLab token a value is, by its prefix or its placeholder's label (the table in
 * shared/gitlab-token-kinds.ts). Prefixes are looked for inside
 * the value, so custom instance prefixes (`corp-glpat-…`) and redacted forms that keep the
 * prefix (`glpat-[REDACTED …]`) are still recognised.
 */
import { tokenKindByPrefix, type GitlabTokenKindId } from '../../../shared/gitlab-token-kinds';
import { PLACEHOLDER_START, readPlaceholder } from '../../../shared/redaction-placeholder';

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

/** Diagnosis distinguishes these kinds of the shared table; any other GitLab kind is `other-gitlab`. */
const KIND_BY_ID: Partial<Record<GitlabTokenKindId, TokenKind>> = {
  'personal-access-token': 'personal',
  'runner-token-from-registration': 'runner-auth-registered',
  'runner-authentication-token': 'runner-auth',
  'runner-registration-token': 'registration',
  'ci-job-token': 'job',
  'unprefixed-legacy': 'legacy-runner',
};

/** Diagnosis's kind for a kind of the shared table (a Secret's recorded kind, a prefix, a label). */
export function kindOf(id: GitlabTokenKindId): TokenKind {
  return KIND_BY_ID[id] ?? 'other-gitlab';
}

export function classifyToken(raw: string | undefined): TokenKind {
  const value = (raw ?? '').trim();
  if (!value) return 'empty';
  // A placeholder carries the kind the raw token had (shared/redaction-placeholder.ts).
  const placeholder = readPlaceholder(value);
  if (placeholder) return placeholder.gitlabKind ? kindOf(placeholder.gitlabKind) : 'redacted';
  const prefixed = tokenKindByPrefix(value);
  if (prefixed) return kindOf(prefixed.kind.id);
  if (value.toUpperCase().includes(PLACEHOLDER_START) || /\*{4,}|<redacted>/i.test(value)) return 'redacted';
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
