import type { Finding } from '../../../shared/findings';
import type { Message } from '../../../shared/messages';
import type { AutomatedFixId } from '../../../shared/findings';
import type { FixChoices, FixPlanView, PreflightView } from '../../../shared/fixes';
import type { Facts } from '../diagnosis/facts';
import { WordedError } from '../../../shared/i18n/text';
import type { FixConnections } from './connections';

/** A plan as a fix keeps it: what it shows the user, plus what apply needs (never a secret). */
export interface FixPlan<D = unknown> extends FixPlanView {
  data: D;
}

/** What every step of a fix gets. */
export interface FixContext {
  connections: FixConnections;
  signal: AbortSignal;
  /** A change that has been made, in words: kept so a failure midway can say what was changed. */
  changed(what: Message): void;
  /** Progress within a step (for batches). */
  progress(message: Message): void;
}

export interface VerifyResult {
  ok: boolean;
  detail: string;
  /** `detail` as a message id (catalog `fixes`), where it has one. */
  message?: Message;
}

/** The target a user narrowed a fix to (`--target`): a job id, runner id, namespace or object name. */
export type TargetFilter = string | undefined;

/**
 * One automated fix. `plan` reads the live objects and never writes; `preflight` checks
 * permissions and dry-runs every write; `apply` writes with preconditions and throws
 * ConflictError on a stale object; `verify` re-reads what it touched.
 */
export interface FixDefinition<D = unknown> {
  id: AutomatedFixId;
  plan(input: { findings: readonly Finding[]; facts: Facts; target: TargetFilter; choices?: FixChoices }, ctx: FixContext): Promise<FixPlan<D>[]>;
  /** The same target planned again from fresh reads, after a conflict. */
  replan(plan: FixPlan<D>, ctx: FixContext): Promise<FixPlan<D> | undefined>;
  preflight(plan: FixPlan<D>, ctx: FixContext): Promise<PreflightView>;
  apply(plan: FixPlan<D>, ctx: FixContext): Promise<void>;
  verify(plan: FixPlan<D>, ctx: FixContext): Promise<VerifyResult>;
  rollback?(plan: FixPlan<D>, ctx: FixContext): Promise<void>;
  /** For plans with `items`: the same plan keeping only the items the user left selected (undefined: none left). */
  narrow?(plan: FixPlan<D>, keep: readonly string[]): FixPlan<D> | undefined;
}

/** The live object changed since the plan was made (HTTP 409): re-read, re-plan, ask again. */
export class ConflictError extends WordedError {
  override name = 'ConflictError';
}

/** A fix cannot be planned with what it was given (no GitLab token, no cluster…): say what is missing. */
export class FixInputError extends WordedError {
  override name = 'FixInputError';
}

/** A step of a fix failed (a write, a restore, an answer GitLab should not give): what happened and what to do. */
export class FixStepError extends WordedError {
  override name = 'FixStepError';
}
