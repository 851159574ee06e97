import { z } from 'zod';
import { fixEvents } from './fixes';
import { promptRequestSchema } from './prompts';
import { kubeReachSchema } from './targets';
import { progressSourceSchema, sourceTargetSchema } from '../source-ids';
import { messageSchema } from '../messages';

/** Main → renderer events. Progress and completion of long operations are keyed by operation id. */
export const events = {
  'operation.progress': z.object({
    operationId: z.string(),
    /** The row's id; `target` (and `part`, for a pod) say what it is. */
    source: z.string(),
    target: sourceTargetSchema,
    part: z.string().optional(),
    state: z.enum(['pending', 'running', 'done', 'failed', 'cancelled']),
    message: z.string(),
    /** The message as an id and parameters, when the collector gave one: the renderer words it in its language. */
    text: messageSchema.optional(),
    /** Bytes or items done / expected, when known. */
    done: z.number().nonnegative().optional(),
    total: z.number().nonnegative().optional(),
  }),
  /** Every target of a collection, typed as progress names it, sent once as it starts, so the total shown never grows. */
  'operation.planned': z.object({
    operationId: z.string(),
    sources: z.array(progressSourceSchema),
  }),
  'operation.finished': z.object({
    operationId: z.string(),
    status: z.enum(['ok', 'cancelled', 'failed']),
    sessionId: z.string().optional(),
    /** In English, as it always was. */
    error: z.string().optional(),
    /** The error as a message id and parameters, where it has one: the renderer words it in its language. */
    text: messageSchema.optional(),
  }),
  /** One context's reachability as kube.reach learns it ('checking' first). */
  'kube.reach': z.object({ operationId: z.string(), context: z.string(), reach: kubeReachSchema }),
  /** A question only the user can answer (run an exec plugin? trust this host key?); answered by prompt.answer. */
  'prompt.request': promptRequestSchema,
  /** The prompt is gone: answered (here or elsewhere), timed out (a no), or its operation was cancelled. */
  'prompt.closed': z.object({
    promptId: z.string(),
    reason: z.enum(['answered', 'timeout', 'cancelled']),
  }),
  ...fixEvents,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.infer<Events[E]>;
