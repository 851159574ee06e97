import { z } from 'zod';
import { messageSchema } from '../messages';
import { FIX_STEPS, type FixOutcome, type FixPlanView, type FixProgress, type PreflightView } from '../fixes';

/**
 * The Fix step's channels and events: plan → (narrow) → apply after an explicit yes → verify,
 * roll back or resume. Writes run as operations (cancel with operation.cancel) and report
 * through fix.progress and fix.finished. Nothing here ever carries a secret.
 */

const planIdSchema = z.string().min(1).max(600);
const operationIdSchema = z.string().min(1).max(100);

export const fixPlanViewSchema: z.ZodType<FixPlanView> = z.object({
  planId: z.string(),
  fixId: z.string(),
  findingId: z.string(),
  title: z.string(),
  target: z.object({
    label: z.string(),
    gitlabUrl: z.string().optional(),
    projectId: z.number().optional(),
    jobId: z.number().optional(),
    runnerId: z.number().optional(),
    context: z.string().optional(),
    namespace: z.string().optional(),
    object: z.string().optional(),
    host: z.string().optional(),
    path: z.string().optional(),
  }),
  changes: z.array(z.string()),
  calls: z.array(z.string()),
  callsNote: z.string().optional(),
  diff: z.string().optional(),
  notes: z.array(z.string()),
  rollback: z.object({ possible: z.boolean(), how: z.string() }),
  typedConfirmation: z.string().optional(),
  items: z.array(z.object({ id: z.string(), label: z.string(), reason: z.string() })).optional(),
  messages: z
    .object({ title: messageSchema.optional(), changes: z.array(messageSchema).optional(), notes: z.array(messageSchema).optional(), rollbackHow: messageSchema.optional(), target: messageSchema.optional(), callsNote: messageSchema.optional() })
    .optional(),
});

export const preflightViewSchema: z.ZodType<PreflightView> = z.object({
  ok: z.boolean(),
  checks: z.array(z.object({ name: z.string(), ok: z.boolean(), detail: z.string(), messages: z.object({ name: messageSchema.optional(), detail: messageSchema.optional() }).optional() })),
});

export const fixOutcomeSchema: z.ZodType<FixOutcome> = z.object({
  planId: z.string(),
  fixId: z.string(),
  result: z.enum(['applied', 'refused', 'failed', 'nothing-to-do', 'replanned', 'rolled-back']),
  message: z.string(),
  verified: z.boolean().optional(),
  changed: z.array(z.string()),
  notChanged: z.array(z.string()),
  nextStep: z.string().optional(),
  replanned: fixPlanViewSchema.optional(),
  messages: z.object({ message: messageSchema.optional(), nextStep: messageSchema.optional(), notChanged: z.array(messageSchema).optional() }).optional(),
});

/** One planned fix as the Fix step shows it: the plan and its preflight (permissions, server-side dry run). */
export const plannedFixSchema = z.object({ plan: fixPlanViewSchema, preflight: preflightViewSchema });
export type PlannedFix = z.infer<typeof plannedFixSchema>;

/**
 * Where a token the fix creates or rotates is kept, before any other step: the OS keychain
 * through Electron's safeStorage, or (browser mode) this process's memory only.
 */
export const tokenKeepingSchema = z.enum(['safe-storage', 'memory']);
export type TokenKeeping = z.infer<typeof tokenKeepingSchema>;

/** An applied fix that can still be rolled back, kept in the app's data directory (also across restarts). */
export const storedRollbackSchema = z.object({
  findingId: z.string(),
  /** The plan as it was applied: what changed, where, and how the rollback restores it. */
  plan: fixPlanViewSchema,
  /** When it was applied (ISO time). */
  savedAt: z.string(),
  /** Whether the app knows the targets it was applied on; a fix applied with the CLI is rolled back there. */
  fromApp: z.boolean(),
});
export type StoredRollback = z.infer<typeof storedRollbackSchema>;

export const fixChannels = {
  /** Plans the finding's automated fix from fresh reads of the collection's targets, with its preflight; writes nothing. */
  'fix.plan': {
    input: z.object({
      sessionId: z.string().min(1).max(100),
      findingId: z.string().min(1).max(100),
      /** The finding's subject, to plan for that instance only (a finding id may occur per namespace or job). */
      subject: z.string().max(500).optional(),
    }),
    output: z.object({
      fixId: z.string(),
      plans: z.array(plannedFixSchema),
      /** Set for fixes that create or rotate a runner token. */
      tokenKeeping: tokenKeepingSchema.optional(),
    }),
  },
  /** Keeps only the items the user left selected and runs the preflight (dry run) again for them. */
  'fix.select': {
    input: z.object({ planId: planIdSchema, keep: z.array(z.string().min(1).max(300)).min(1).max(10_000) }),
    output: plannedFixSchema,
  },
  /** Applies a planned fix: preflight again, then only with `confirm` (and the typed name where the plan asks for one). */
  'fix.apply': {
    input: z.object({ planId: planIdSchema, confirm: z.boolean(), typed: z.string().max(300).optional() }),
    output: z.object({ operationId: operationIdSchema }),
  },
  /** Re-reads what the applied fix touched. */
  'fix.verify': {
    input: z.object({ planId: planIdSchema }),
    output: z.object({ ok: z.boolean(), detail: z.string(), message: messageSchema.optional() }),
  },
  /** Restores what the applied fix changed, after an explicit yes. */
  'fix.rollback': {
    input: z.object({ planId: planIdSchema, confirm: z.boolean() }),
    output: z.object({ operationId: operationIdSchema }),
  },
  /** Applied fixes that can still be rolled back, newest first, from the app's data directory (also after a restart). */
  'fix.rollbacks': {
    input: z.object({}),
    output: z.object({ rollbacks: z.array(storedRollbackSchema) }),
  },
  /** Opens a kept rollback on the targets it was applied on, for fix.rollback (after an explicit yes); writes nothing. */
  'fix.openRollback': {
    input: z.object({ findingId: z.string().min(1).max(100), planId: planIdSchema.optional() }),
    output: z.object({ plan: fixPlanViewSchema }),
  },
  /** After a failure past an irreversible step (a token reset): plans again from fresh reads with the kept token and finishes. */
  'fix.resume': {
    input: z.object({ planId: planIdSchema }),
    output: z.object({ operationId: operationIdSchema }),
  },
  /** Collects again from the session's targets after a fix (operation.progress/finished as collect.start), so analysis runs on fresh evidence. */
  'fix.recollect': {
    input: z.object({ sessionId: z.string().min(1).max(100) }),
    output: z.object({ operationId: operationIdSchema }),
  },
} as const;

export const fixEvents = {
  'fix.progress': z.object({
    operationId: z.string(),
    planId: z.string(),
    step: z.enum(FIX_STEPS),
    state: z.enum(['running', 'ok', 'failed', 'skipped']),
    message: z.string(),
    text: messageSchema.optional(),
  }) satisfies z.ZodType<FixProgress & { operationId: string }>,
  'fix.finished': z.object({
    operationId: z.string(),
    planId: z.string(),
    outcome: fixOutcomeSchema,
    /** After a conflict: the new plan's preflight, to show with the plan that needs a new yes. */
    preflight: preflightViewSchema.optional(),
    /** Whether a failed fix can be resumed (a token was kept before the step that failed). */
    resumable: z.boolean(),
  }),
} as const;
