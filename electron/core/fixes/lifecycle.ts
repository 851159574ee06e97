import type { AuditRecord, FixOutcome, FixPlanView, FixProgress, FixStep, PreflightView } from '../../../shared/fixes';
import { isCancelled } from '../util/abort';
import { appendAudit, auditLogPath } from './audit';
import { dropRollback, saveRollback } from './rollback-store';
import type { FixConnections } from './connections';
import { ConflictError, type FixContext, type FixDefinition, type FixPlan, type VerifyResult } from './fix-definition';
import { english, errorSaid, msg, preflightFailed } from './fix-text';
import { list, type Message } from '../../../shared/messages';

/** What the lifecycle asks of its caller: the yes (CLI flag or confirm dialog), progress, audit. */
export interface LifecycleHooks {
  /** Shown the plan and the preflight (dry-run) result; true only on an explicit yes. */
  confirm(plan: FixPlanView, preflight: PreflightView, again: boolean): Promise<boolean>;
  onProgress?(event: FixProgress): void;
  /** Where audit records go; default: audit.jsonl in `dataDir`. */
  audit?(record: AuditRecord): Promise<void>;
  /** The app's data directory (audit.jsonl, rollback/); default: the per-user one the CLI uses. */
  dataDir?: string;
}

/** The audit writer a caller's hooks name: its own, or audit.jsonl in its data directory. */
function auditWriter(hooks: Pick<LifecycleHooks, 'audit' | 'dataDir'>): (record: AuditRecord) => Promise<void> {
  return hooks.audit ?? ((record) => appendAudit(record, auditLogPath(hooks.dataDir)));
}

/** Strips what a fix keeps for itself: the view is what users, logs and the renderer see. */
export function planView<D>(plan: FixPlan<D>): FixPlanView {
  const { data: _data, ...view } = plan;
  return view;
}

/** The plan step's record of a narrowed plan: which items it keeps and which the user left out. */
function selectionOf(plan: FixPlanView): Pick<AuditRecord, 'selection'> {
  if (!plan.leftOut?.length) return {};
  return { selection: { kept: (plan.items ?? []).map((i) => i.id), leftOut: plan.leftOut } };
}

/** A verification that could not be made: its error, in words. */
function couldNotVerify(err: unknown): VerifyResult {
  const message = msg('verify.couldNot', { error: errorSaid(err) });
  return { ok: false, detail: english(message), message };
}

/** How many times a conflict (409) may send the fix back to plan and ask again. */
const MAX_REPLANS = 2;

/**
 * Runs one planned fix: preflight → confirm → apply → verify, recording every step in the
 * audit log. Nothing is written before an explicit yes; a conflict re-plans and asks again;
 * a failure midway says what was changed, what was not, and what to do next.
 */
export async function runFix<D>(
  def: FixDefinition<D>,
  first: FixPlan<D>,
  connections: FixConnections,
  hooks: LifecycleHooks,
  signal: AbortSignal,
): Promise<FixOutcome> {
  let plan = first;
  const changed: Message[] = [];
  const changedText = () => changed.map(english);
  const audit = async (step: FixStep, result: AuditRecord['result'], detail?: string) => {
    const record: AuditRecord = { time: new Date().toISOString(), fixId: plan.fixId, findingId: plan.findingId, target: plan.target, step, result, ...(detail ? { detail } : {}) };
    await auditWriter(hooks)(step === 'plan' ? { ...record, ...selectionOf(plan) } : record);
  };
  const progress = (step: FixStep, state: FixProgress['state'], message: string | Message) =>
    hooks.onProgress?.({ planId: plan.planId, step, state, ...(typeof message === 'string' ? { message } : { message: english(message), text: message }) });
  const how = (): string | Message => plan.messages?.rollbackHow ?? plan.rollback.how;
  const ctx: FixContext = {
    connections,
    signal,
    changed: (what) => changed.push(what),
    progress: (message) => progress('apply', 'running', message),
  };
  const outcome = (result: FixOutcome['result'], message: Message, extra: Omit<Partial<FixOutcome>, 'nextStep'> & { next?: Message } = {}): FixOutcome => {
    const { next, ...rest } = extra;
    const notChanged = result === 'applied' ? [] : plan.messages?.changes?.slice(changed.length);
    return {
      planId: plan.planId,
      fixId: plan.fixId,
      result,
      message: english(message),
      changed: changedText(),
      notChanged: result === 'applied' ? [] : plan.changes.slice(changed.length),
      ...(next ? { nextStep: english(next) } : {}),
      ...rest,
      messages: { message, ...(next ? { nextStep: next } : {}), ...(changed.length ? { changed: [...changed] } : {}), ...(notChanged?.length ? { notChanged } : {}) },
    };
  };

  await audit('plan', 'ok', plan.changes.join('; '));
  for (let round = 0; ; round++) {
    progress('preflight', 'running', msg('progress.preflight'));
    let preflight: PreflightView;
    try {
      preflight = await def.preflight(plan, ctx);
    } catch (err) {
      if (isCancelled(err)) return outcome('refused', msg('outcome.cancelledBefore'));
      preflight = preflightFailed(err);
    }
    const failed = preflight.checks.filter((c) => !c.ok);
    await audit('preflight', preflight.ok ? 'ok' : 'refused', failed.map((c) => `${c.name}: ${c.detail}`).join('; ') || undefined);
    const failedChecks = list(failed.map((c) => msg('outcome.check', { name: c.messages?.name ?? c.name, detail: c.messages?.detail ?? c.detail })), 'semicolon');
    progress('preflight', preflight.ok ? 'ok' : 'failed', preflight.ok ? msg('progress.preflightOk') : msg('progress.preflightFailed', { details: list(failed.map((c) => c.messages?.detail ?? c.detail), 'semicolon') }));
    if (!preflight.ok) return outcome('refused', msg('outcome.preflightFailed', { checks: failedChecks }), { next: msg('next.preflightFailed') });

    const yes = await hooks.confirm(planView(plan), preflight, round > 0);
    await audit('confirm', yes ? 'ok' : 'refused', yes ? undefined : 'no explicit yes');
    if (!yes) {
      return outcome(round > 0 ? 'replanned' : 'refused', round > 0 ? msg('outcome.replanned') : msg('outcome.notConfirmed'), {
        ...(round > 0 ? { replanned: planView(plan) } : {}),
      });
    }

    progress('apply', 'running', plan.messages?.title ?? plan.title);
    try {
      await def.apply(plan, ctx);
    } catch (err) {
      // What was already changed stays listed; the new plan covers only what is left.
      if (err instanceof ConflictError && round < MAX_REPLANS) {
        await audit('apply', 'failed', `conflict: ${err.message}; planning again`);
        progress('apply', 'failed', msg('progress.conflict', { error: errorSaid(err) }));
        const again = await def.replan(plan, ctx);
        if (!again) return outcome('nothing-to-do', msg('outcome.nothingLeft'));
        // The fresh plan stays within the user's selection; what they left out stays recorded.
        plan = plan.leftOut && !again.leftOut ? { ...again, leftOut: plan.leftOut } : again;
        await audit('plan', 'ok', plan.changes.join('; '));
        continue;
      }
      const error = isCancelled(err) ? msg('outcome.cancelled') : errorSaid(err);
      await audit('apply', 'failed', typeof error === 'string' ? error : english(error));
      progress('apply', 'failed', error);
      return outcome('failed', msg('outcome.applyFailed', { error }), {
        next: changed.length ? (plan.rollback.possible ? msg('next.someChangedUndo', { how: how() }) : msg('next.someChangedReplan')) : msg('next.nothingChanged'),
      });
    }
    await audit('apply', 'ok', changedText().join('; ') || undefined);
    progress('apply', 'ok', changed.length ? msg('outcome.changedList', { changes: list(changed, 'semicolon') }) : msg('progress.applied'));
    if (def.rollback && plan.rollback.possible) await saveRollback(plan, hooks.dataDir);
    break;
  }

  progress('verify', 'running', msg('progress.verify'));
  let verified: VerifyResult;
  try {
    verified = await def.verify(plan, ctx);
  } catch (err) {
    verified = couldNotVerify(err);
  }
  await audit('verify', verified.ok ? 'ok' : 'failed', verified.detail);
  const detail = verified.message ?? verified.detail;
  progress('verify', verified.ok ? 'ok' : 'failed', detail);
  return outcome('applied', msg(verified.ok ? 'outcome.verified' : 'outcome.notVerified', { detail }), {
    verified: verified.ok,
    ...(verified.ok ? {} : { next: plan.rollback.possible ? msg('next.undoIt', { how: how() }) : msg('next.collectAgain') }),
  });
}

/** Restores what an applied plan changed (one action), recording it in the audit log. */
export async function rollbackFix<D>(def: FixDefinition<D>, plan: FixPlan<D>, connections: FixConnections, hooks: Pick<LifecycleHooks, 'audit' | 'dataDir'>, signal: AbortSignal): Promise<FixOutcome> {
  const changed: Message[] = [];
  const audit = (result: AuditRecord['result'], detail?: string) =>
    auditWriter(hooks)({ time: new Date().toISOString(), fixId: plan.fixId, findingId: plan.findingId, target: plan.target, step: 'rollback', result, ...(detail ? { detail } : {}) });
  const base = { planId: plan.planId, fixId: plan.fixId, notChanged: [] };
  const told = (m: Message) => ({ message: english(m), messages: { message: m } });
  if (!def.rollback || !plan.rollback.possible) {
    await audit('refused', 'this fix cannot be rolled back');
    return { ...base, result: 'refused', ...told(msg('outcome.cannotRollBack', { fix: plan.fixId, how: plan.messages?.rollbackHow ?? plan.rollback.how })), changed: [] };
  }
  const ctx: FixContext = { connections, signal, changed: (w) => changed.push(w), progress: () => undefined };
  try {
    await def.rollback(plan, ctx);
  } catch (err) {
    const error = err instanceof ConflictError ? msg('outcome.rollbackConflict', { error: errorSaid(err) }) : errorSaid(err);
    await audit('failed', typeof error === 'string' ? error : english(error));
    const failed = msg('outcome.rollbackFailed', { error });
    return { ...base, result: 'failed', message: english(failed), messages: { message: failed, ...(changed.length ? { changed: [...changed] } : {}) }, changed: changed.map(english) };
  }
  await audit('ok', changed.map(english).join('; '));
  await dropRollback(plan, hooks.dataDir);
  const done = changed.length ? msg('outcome.changedList', { changes: list(changed, 'semicolon') }) : msg('outcome.rolledBack');
  return { ...base, result: 'rolled-back', message: english(done), messages: { message: done, ...(changed.length ? { changed: [...changed] } : {}) }, changed: changed.map(english) };
}

/** Re-reads what an applied plan touched (a second look after "not verified"), recorded in the audit log. */
export async function verifyFix<D>(def: FixDefinition<D>, plan: FixPlan<D>, connections: FixConnections, hooks: Pick<LifecycleHooks, 'audit' | 'dataDir'>, signal: AbortSignal): Promise<VerifyResult> {
  const ctx: FixContext = { connections, signal, changed: () => undefined, progress: () => undefined };
  let verified: VerifyResult;
  try {
    verified = await def.verify(plan, ctx);
  } catch (err) {
    if (isCancelled(err)) throw err;
    verified = couldNotVerify(err);
  }
  await auditWriter(hooks)({ time: new Date().toISOString(), fixId: plan.fixId, findingId: plan.findingId, target: plan.target, step: 'verify', result: verified.ok ? 'ok' : 'failed', detail: verified.detail });
  return verified;
}
