/**
 * What kind of GitLab token a value is (the table in shared/gitlab-token-kinds.ts): for a
 * placeholder, from the tokens redaction recorded for the file; for a raw value, by its
 * prefix. Prefixes are looked for inside the value, so custom instance prefixes
 * (`corp-glpat-…`) and redacted forms that keep the prefix (`glpat-[REDACTED …]`) are still
 * recognised.
 */
import type { RedactedToken } from '../../../shared/evidence';
import { tokenKindByPrefix, type GitlabTokenKindId } from '../../../shared/gitlab-token-kinds';
import { PLACEHOLDER_START, readPlaceholder } from '../../../shared/redaction-placeholder';
import { msg, type Message } from '../../../shared/messages';
import type { EvidenceEntry } from '../evidence/reader';

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

/** The tokens redaction recorded for an evidence file; undefined when it recorded none or the bundle predates the record. */
export function recordedTokensOf(entries: readonly EvidenceEntry[], file: string): readonly RedactedToken[] | undefined {
  return entries.find((e) => e.path === file)?.redactedTokens;
}

/** `recorded`: the tokens redaction recorded for the file the value is from (recordedTokensOf). */
export function classifyToken(raw: string | undefined, recorded?: readonly RedactedToken[]): TokenKind {
  const value = (raw ?? '').trim();
  if (!value) return 'empty';
  const known = value.includes(PLACEHOLDER_START) ? recorded?.find((t) => value.includes(t.placeholder)) : undefined;
  if (known) return kindOf(known.kind);
  // Fallback for placeholders no record describes: bundles written before files recorded their
  // redacted tokens, redacted files read on their own, and text already redacted when it was
  // collected. Their label names the kind (shared/redaction-placeholder.ts).
  const placeholder = readPlaceholder(value);
  if (placeholder) return placeholder.gitlabKind ? kindOf(placeholder.gitlabKind) : 'redacted';
  const prefixed = tokenKindByPrefix(value);
  if (prefixed) return kindOf(prefixed.kind.id);
  if (value.toUpperCase().includes(PLACEHOLDER_START) || /\*{4,}|<redacted>/i.test(value)) return 'redacted';
  if (/^\$\{?[A-Z_][A-Z0-9_]*\}?$|\{\{.*\}\}|__[A-Z_]+__/.test(value)) return 'template';
  return 'legacy-runner';
}

/** A token kind in words (`token.kind.<kind>` in shared/i18n/findings.*.json): "a personal, project or group access token (glpat-)". */
export const tokenKindMessage = (kind: TokenKind): Message => msg(`token.kind.${kind}`);
