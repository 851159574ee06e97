import { CUSTOM_PREFIX, LEGACY_TOKEN, LEGACY_TOKEN_KIND, PREFIXED_TOKEN_KINDS, type GitlabTokenKindId } from '../../../shared/gitlab-token-kinds';
import { isKnownFake } from '../evidence/redact/rules';
import { msg, type Message } from '../../../shared/messages';

/** GitLab token kinds (shared/gitlab-token-kinds.ts), and what else a token field may hold. */
export type TokenKind = GitlabTokenKindId | 'session-cookie' | 'placeholder' | 'empty' | 'unknown';

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

/** The shared table's prefixed kinds, and the session cookie (a credential, not a token kind). */
const PREFIXES: readonly { prefix: string; kind: TokenKind; label: string; runnerUsable: 'yes' | 'no' | 'maybe' }[] = [
  ...PREFIXED_TOKEN_KINDS.map((k) => ({ prefix: k.prefix, kind: k.id, label: k.description, runnerUsable: k.runnerUsable })),
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
    if (at > 0 && !CUSTOM_PREFIX.test(custom)) continue;
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
  if (LEGACY_TOKEN.test(token)) {
    return { kind: LEGACY_TOKEN_KIND.id, label: LEGACY_TOKEN_KIND.description, runnerUsable: LEGACY_TOKEN_KIND.runnerUsable, ...base };
  }
  return { kind: 'unknown', label: 'not a GitLab token format', runnerUsable: 'no', ...base };
}

/** A token's kind in words (`token.kind.<kind>`: every kind has one, in every language). */
export const tokenKindText = (kind: TokenKind): Message => msg(`token.kind.${kind}`);

/** Tokens are only ever shown as their type and last 4 characters. */
export const tokenHintText = (token: string): Message =>
  msg('token.hint', { kind: tokenKindText(classifyToken(token).kind), last4: token.trim().slice(-4) });
