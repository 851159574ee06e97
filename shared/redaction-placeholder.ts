import { tokenKindByRedactionLabel, type GitlabTokenKindId } from './gitlab-token-kinds';

/**
 * What redaction leaves in place of a secret: `[REDACTED <label> #<n>]`, the same placeholder
 * for the same secret everywhere in a bundle. Written and read here only. For a GitLab token
 * the label is its kind's (shared/gitlab-token-kinds.ts), so a redacted file still says which
 * kind of token stood there to a person, and to diagnosis where no typed record does: a
 * bundle records each file's tokens with their kinds (EvidenceFile.redactedTokens), but a
 * redacted config.toml pasted on its own, or a bundle written before those records, carries
 * the kind only in the label.
 */
export const PLACEHOLDER_START = '[REDACTED';

/** A placeholder anywhere in a text; global, for scanning (reset `lastIndex` before use). */
export const PLACEHOLDER_PATTERN = /\[REDACTED ([a-z0-9-]+) #(\d+)\]/g;

export function redactionPlaceholder(label: string, n: number): string {
  return `${PLACEHOLDER_START} ${label} #${n}]`;
}

export interface Placeholder {
  label: string;
  n: number;
  /** The GitLab token kind whose label this is, when it is one. */
  gitlabKind?: GitlabTokenKindId;
}

/** The first placeholder in `text`, if any, with the token kind its label names. */
export function readPlaceholder(text: string): Placeholder | undefined {
  const m = new RegExp(PLACEHOLDER_PATTERN.source).exec(text);
  if (!m) return undefined;
  const label = m[1]!;
  const kind = tokenKindByRedactionLabel(label);
  return { label, n: Number(m[2]), ...(kind ? { gitlabKind: kind.id } : {}) };
}
