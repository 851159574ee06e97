import { z } from 'zod';
import { GITLAB_TOKEN_KIND_IDS } from './gitlab-token-kinds';
import { messageSchema } from './messages';

/** Evidence kinds (CONTRACTS.md §2). Files are recognised by content; `unknown` is reported, never dropped. */
export const EVIDENCE_KINDS = [
  'runner-log',
  'job-log',
  'journal',
  'config-toml',
  'kube-object',
  'podman-images',
  'podman-info',
  'docker-images',
  'docker-info',
  'runner-version',
  'systemctl-status',
  'df',
  'free',
  'curl-verbose',
  'uname',
  'dns-lookup',
  'gitlab-api',
  'collection-error',
  'unknown',
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];
export const evidenceKindSchema = z.enum(EVIDENCE_KINDS);

/** Lines listed per redacted token; a token that recurs more often is listed with its first lines. */
export const MAX_REDACTED_TOKEN_LINES = 100;
/** Tokens listed per file; past that, a placeholder is described by its label alone. */
export const MAX_REDACTED_TOKENS = 1000;

/**
 * A GitLab token the redactor replaced in a file, as typed facts: the kind from the one table
 * (shared/gitlab-token-kinds.ts), the placeholder that stands for it, the lines it is on.
 * Never the token, nor anything computed from it.
 */
export const redactedTokenSchema = z.object({
  /** The placeholder as it is written in the file: `[REDACTED gitlab-runner-token #1]`, one per token in a bundle. */
  placeholder: z.string(),
  kind: z.enum(GITLAB_TOKEN_KIND_IDS),
  /** 1-based lines of the stored file it is on (the first MAX_REDACTED_TOKEN_LINES); absent when the file was cut to its size limit, which moves lines. */
  lines: z.array(z.number().int().positive()).optional(),
});
export type RedactedToken = z.infer<typeof redactedTokenSchema>;

export const evidenceFileSchema = z.object({
  path: z.string(),
  kind: evidenceKindSchema,
  source: z.string(),
  sha256: z.string(),
  bytes: z.number().int().nonnegative(),
  collectedAt: z.string(),
  redactions: z.number().int().nonnegative(),
  /** Set when the collector cut the content to its size limit (head and tail kept). */
  truncated: z.boolean().optional(),
  /** The compressed file (`….gz`) this text was unpacked from before it was redacted. */
  unpackedFrom: z.string().optional(),
  /** The GitLab tokens redaction replaced in this file, in order of first appearance; absent when none, and in bundles written before it existed. */
  redactedTokens: z.array(redactedTokenSchema).optional(),
});
export type EvidenceFile = z.infer<typeof evidenceFileSchema>;

export const collectionErrorSchema = z.object({
  source: z.string(),
  /** In English (what scripts and older readers read). */
  message: z.string(),
  /** The same as a message id and parameters, for a reader in another language; absent in older bundles. */
  text: messageSchema.optional(),
});
export type CollectionError = z.infer<typeof collectionErrorSchema>;

/**
 * What a collector says that is no gap in the evidence (docker absent on a podman host): shown
 * beside its source, never counted as an error. Worded like an error: English, and its id.
 */
export const collectionNoteSchema = collectionErrorSchema;
export type CollectionNote = CollectionError;

export const redactionSummarySchema = z.record(z.string(), z.number().int().nonnegative());
export type RedactionSummary = z.infer<typeof redactionSummarySchema>;
