import { z } from 'zod';
import { messageSchema } from '../messages';

/**
 * "Check this token against GitLab": the runner tokens a collection found in config.toml files,
 * shown only as their type and last 4 characters, and the check — `POST /runners/verify`, which
 * GitLab records as a contact from the runner — sent only with an explicit yes.
 */

export const runnerTokenViewSchema = z.object({
  /** Stable within the session. */
  id: z.string(),
  /** The evidence file it was found in: a ConfigMap, a host's config.toml. */
  where: z.string(),
  runnerName: z.string().optional(),
  /** The `url` of its [[runners]] entry. */
  runnerUrl: z.string().optional(),
  /** Its type and last 4 characters: "runner authentication token …a1b2". */
  token: z.string(),
  /** The same as a message id and parameters, for the window's language. */
  tokenText: messageSchema.optional(),
  /** The runner's system_id, where the collection found one. */
  systemId: z.string().optional(),
});
export type RunnerTokenView = z.infer<typeof runnerTokenViewSchema>;

export const runnerTokenCheckResultSchema = runnerTokenViewSchema.extend({
  /** valid: GitLab accepts it as a runner token (200); rejected: 403; error: the check could not be made. */
  result: z.enum(['valid', 'rejected', 'error']),
  /** HTTP status, 0 when there was no answer. */
  status: z.number(),
  message: z.string().optional(),
  /** The same as a message id and parameters, for the window's language. */
  messageText: messageSchema.optional(),
  /** What was sent as system_id: the runner's own, or `<legacy>` (none sent), the manager GitLab then records. */
  systemIdSent: z.string(),
});
export type RunnerTokenCheckResult = z.infer<typeof runnerTokenCheckResultSchema>;

const sessionIdSchema = z.string().min(1).max(100);

export const tokenCheckChannels = {
  /** The runner tokens found in this collection's config.toml files that can be checked; none leaves the main side. */
  'gitlab.runnerTokens': {
    input: z.object({ sessionId: sessionIdSchema }),
    output: z.object({ gitlabUrl: z.string().optional(), tokens: z.array(runnerTokenViewSchema) }),
  },
  /** Sends POST /runners/verify for the chosen tokens (a write in GitLab), only with `confirm`; every call is audited. */
  'gitlab.checkRunnerTokens': {
    input: z.object({ sessionId: sessionIdSchema, ids: z.array(z.string().min(1).max(20)).min(1).max(500), confirm: z.boolean() }),
    output: z.object({ results: z.array(runnerTokenCheckResultSchema) }),
  },
} as const;
