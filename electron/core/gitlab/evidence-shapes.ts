import { z } from 'zod';
import { messageSchema } from '../../../shared/messages';
import { TOKEN_CHECKS } from '../../../shared/evidence-layout';

/**
 * Evidence the GitLab collector writes (kind `gitlab-api`), the contract with the analyzers.
 * Every API answer is saved as `{gitlabApi, body}`; token checks add `tokenCheck`. No token is
 * ever saved: a checked token is named by where it was found (`tokenRef`) and its kind.
 */
export const gitlabApiMetaSchema = z.object({
  method: z.string(),
  /** `/api/v4/…` with the query actually sent (never a token). */
  path: z.string(),
  status: z.number().int(),
  collectedAt: z.string(),
  /** Normalised instance URL the answer came from. */
  instance: z.string().optional(),
  /** Lists: pages read, and whether more existed than were read. */
  pages: z.number().int().optional(),
  truncated: z.boolean().optional(),
  /** Only these fields of the answer were kept (the rest may hold secrets or personal data). */
  fieldsKept: z.array(z.string()).optional(),
});

export const TOKEN_CHECK_RESULTS = [
  /** runner-verify: GitLab accepted it as a runner token (200). */
  'valid',
  /** runner-verify: GitLab refused it (403): not a valid runner token. */
  'invalid',
  /** pat-self: /personal_access_tokens/self answered 200: the token is an access token. */
  'is-pat',
  /** pat-self: 401: not an access token (as expected for a runner token). */
  'not-pat',
  /** The check could not run (network, 5xx…); see message. */
  'error',
] as const;

export const tokenCheckSchema = z.object({
  check: z.enum(TOKEN_CHECKS),
  result: z.enum(TOKEN_CHECK_RESULTS),
  /** Where the token was found, e.g. `kube/prod/gitlab-runner/configmaps.yaml`. */
  tokenRef: z.string(),
  runnerName: z.string().optional(),
  /** The [[runners]] url the token was configured for. */
  runnerUrl: z.string().optional(),
  /** From the token text alone (tokens.ts). */
  tokenKind: z.string(),
  tokenLabel: z.string(),
  customPrefix: z.string().optional(),
  surroundingWhitespace: z.boolean(),
  /** runner-verify: the system_id sent, if one was known. */
  systemId: z.string().optional(),
  message: z.string().optional(),
  /** The same as a message id and parameters, for the reader's language. */
  text: messageSchema.optional(),
});
export type TokenCheck = z.infer<typeof tokenCheckSchema>;

export const gitlabEnvelopeSchema = z.object({
  gitlabApi: gitlabApiMetaSchema,
  tokenCheck: tokenCheckSchema.optional(),
  body: z.unknown(),
});
export type GitlabEnvelope = z.infer<typeof gitlabEnvelopeSchema>;
export type GitlabApiMeta = z.infer<typeof gitlabApiMetaSchema>;

