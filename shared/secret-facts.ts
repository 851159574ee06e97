import { z } from 'zod';
import { GITLAB_TOKEN_KIND_IDS } from './gitlab-token-kinds';

/**
 * What the Kubernetes collector learns from a Secret's values before it drops them, kept in
 * the bundle's metadata-only Secret under one field of its own (not as annotations, which
 * are the cluster's). The collector writes it, diagnosis reads it, both with this schema.
 * Nothing here holds a value or a part of one.
 */
export const SECRET_FACTS_FIELD = 'runnerDoctorFacts';

export const secretKeyFactsSchema = z.object({
  key: z.string(),
  /** The value ends in `\n`: sent as a header, Go refuses the request (token-trailing-newline). */
  endsWithNewline: z.boolean().optional(),
  /** The GitLab token kind its prefix names (shared/gitlab-token-kinds.ts). */
  gitlabKind: z.enum(GITLAB_TOKEN_KIND_IDS).optional(),
});
export type SecretKeyFacts = z.infer<typeof secretKeyFactsSchema>;

export const secretFactsSchema = z.object({
  /** The data keys present (names only), sorted. */
  dataKeys: z.array(z.string()),
  /** Token keys (names containing `token`) with something to say, in `dataKeys` order. */
  tokenKeys: z.array(secretKeyFactsSchema),
  /** Annotations removed because they repeat the values (last-applied-configuration). */
  removedAnnotations: z.array(z.string()).optional(),
});
export type SecretFacts = z.infer<typeof secretFactsSchema>;

/**
 * The annotations bundles written before SECRET_FACTS_FIELD carried the same facts in; read
 * so that an older bundle analyses the same. Never written any more.
 */
export const LEGACY_SECRET_ANNOTATIONS = {
  /** Comma-separated data keys. */
  dataKeys: 'runner-doctor.io/data-keys',
  /** Comma-separated token keys whose value ends in `\n`; `true` for the Secret as a whole. */
  endsWithNewline: 'runner-doctor.io/value-ends-with-newline',
  /** `key/prefix` pairs: `runner-token/glpat-`. */
  tokenPrefixes: 'runner-doctor.io/value-token-prefixes',
  removedAnnotations: 'runner-doctor.io/removed-annotations',
} as const;
