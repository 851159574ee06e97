import type { AuditRecord, FixOutcome, FixPlanView, FixProgress, FixStep, PreflightView } from '../../../shared/fixes';
import { errorMessage, isCancelled } from '../util/abort';
import { appendAudit, auditLogPath } from './audit';
import { dropRollback, saveRollback } from './rollback-store';
import type { FixConnections } from './connections';
import { ConflictError, type FixContext, type FixDefinition, type FixPlan } from './fix-definition';

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
  const changed: string[] = [];
  const audit = async (step: FixStep, result: AuditRecord['result'], detail?: string) => {
    const record: AuditRecord = { time: new Date().toISOString(), fixId: plan.fixId, findingId: plan.findingId, target: plan.target, step, result, ...(detail ? { detail } : {}) };
    await auditWriter(hooks)(step === 'plan' ? { ...record, ...selectionOf(plan) } : record);
  };
  const progress = (step: FixStep, state: FixProgress['state'], message: string) =>
    hooks.onProgress?.({ planId: plan.planId, step, state, message });
  const ctx: FixContext = {
    connections,
    signal,
    changed: (what) => changed.push(what),
    progress: (message) => progress('apply', 'running', message),
  };
  const outcome = (result: FixOutcome['result'], message: string, extra: Partial<FixOutcome> = {}): FixOutcome => ({
    planId: plan.planId,
    fixId: plan.fixId,
    result,
    message,
    changed: [...changed],
    notChanged: result === 'applied' ? [] : plan.changes.slice(changed.length),
    ...extra,
  });

  await audit('plan', 'ok', plan.changes.join('; '));
  for (let round = 0; ; round++) {
    progress('preflight', 'running', 'checking permissions and dry-running every write');
    let preflight: PreflightView;
    try {
      preflight = await def.preflight(plan, ctx);
    } catch (err) {
      if (isCancelled(err)) return outcome('refused', 'cancelled before anything was written');
      preflight = { ok: false, checks: [{ name: 'preflight', ok: false, detail: errorMessage(err) }] };
    }
    const failed = preflight.checks.filter((c) => !c.ok);
    await audit('preflight', preflight.ok ? 'ok' : 'refused', failed.map((c) => `${c.name}: ${c.detail}`).join('; ') || undefined);
    progress('preflight', preflight.ok ? 'ok' : 'failed', preflight.ok ? 'every check passed' : failed.map((c) => c.detail).join('; '));
    if (!preflight.ok) {
      return outcome('refused', `preflight failed: ${failed.map((c) => `${c.name}: ${c.detail}`).join('; ')}`, {
        nextStep: 'Nothing was changed. Fix what the failed check names (a missing permission, an object that changed) and plan again.',
      });
    }

    const yes = await hooks.confirm(planView(plan), preflight, round > 0);
    await audit('confirm', yes ? 'ok' : 'refused', yes ? undefined : 'no explicit yes');
    if (!yes) {
      return outcome(round > 0 ? 'replanned' : 'refused', round > 0 ? 'the object changed since the plan was made; the new plan needs a new yes' : 'not confirmed; nothing was changed', {
        ...(round > 0 ? { replanned: planView(plan) } : {}),
      });
    }

    progress('apply', 'running', plan.title);
    try {
      await def.apply(plan, ctx);
    } catch (err) {
      // What was already changed stays listed; the new plan covers only what is left.
      if (err instanceof ConflictError && round < MAX_REPLANS) {
        await audit('apply', 'failed', `conflict: ${err.message}; planning again`);
        progress('apply', 'failed', `${err.message}: planning again from a fresh read`);
        const again = await def.replan(plan, ctx);
        if (!again) return outcome('nothing-to-do', 'after a fresh read there is nothing left to change');
        // The fresh plan stays within the user's selection; what they left out stays recorded.
        plan = plan.leftOut && !again.leftOut ? { ...again, leftOut: plan.leftOut } : again;
        await audit('plan', 'ok', plan.changes.join('; '));
        continue;
      }
      const message = isCancelled(err) ? 'cancelled' : errorMessage(err);
      await audit('apply', 'failed', message);
      progress('apply', 'failed', message);
      return outcome('failed', `apply failed: ${message}`, {
        nextStep: changed.length
          ? `Some changes were made (listed). ${plan.rollback.possible ? `To undo them: ${plan.rollback.how}` : 'Plan the fix again to finish the rest.'}`
          : 'Nothing was changed; plan the fix again.',
      });
    }
    await audit('apply', 'ok', changed.join('; ') || undefined);
    progress('apply', 'ok', changed.join('; ') || 'applied');
    if (def.rollback && plan.rollback.possible) await saveRollback(plan, hooks.dataDir);
    break;
  }

  progress('verify', 'running', 're-reading what the fix changed');
  let verified: { ok: boolean; detail: string };
  try {
    verified = await def.verify(plan, ctx);
  } catch (err) {
    verified = { ok: false, detail: `could not verify: ${errorMessage(err)}` };
  }
  await audit('verify', verified.ok ? 'ok' : 'failed', verified.detail);
  progress('verify', verified.ok ? 'ok' : 'failed', verified.detail);
  return outcome('applied', verified.ok ? `applied and verified: ${verified.detail}` : `applied, but not verified: ${verified.detail}`, {
    verified: verified.ok,
    ...(verified.ok ? {} : { nextStep: plan.rollback.possible ? `To undo it: ${plan.rollback.how}` : 'Collect again in a minute and check the finding.' }),
  });
}

/** Restores what an applied plan changed (one action), recording it in the audit log. */
export async function rollbackFix<D>(def: FixDefinition<D>, plan: FixPlan<D>, connections: FixConnections, hooks: Pick<LifecycleHooks, 'audit' | 'dataDir'>, signal: AbortSignal): Promise<FixOutcome> {
  const changed: string[] = [];
  const audit = (result: AuditRecord['result'], detail?: string) =>
    auditWriter(hooks)({ time: new Date().toISOString(), fixId: plan.fixId, findingId: plan.findingId, target: plan.target, step: 'rollback', result, ...(detail ? { detail } : {}) });
  const base = { planId: plan.planId, fixId: plan.fixId, notChanged: [] };
  if (!def.rollback || !plan.rollback.possible) {
    await audit('refused', 'this fix cannot be rolled back');
    return { ...base, result: 'refused', message: `${plan.fixId} cannot be rolled back: ${plan.rollback.how}`, changed };
  }
  const ctx: FixContext = { connections, signal, changed: (w) => changed.push(w), progress: () => undefined };
  try {
    await def.rollback(plan, ctx);
  } catch (err) {
    const message = err instanceof ConflictError ? `${err.message}; the object changed after the fix, so it is left as it is: check it and undo by hand` : errorMessage(err);
    await audit('failed', message);
    return { ...base, result: 'failed', message: `rollback failed: ${message}`, changed };
  }
  await audit('ok', changed.join('; '));
  await dropRollback(plan.findingId, hooks.dataDir);
  return { ...base, result: 'rolled-back', message: changed.join('; ') || 'rolled back', changed };
}

/** Re-reads what an applied plan touched (a second look after "not verified"), recorded in the audit log. */
export async function verifyFix<D>(def: FixDefinition<D>, plan: FixPlan<D>, connections: FixConnections, hooks: Pick<LifecycleHooks, 'audit' | 'dataDir'>, signal: AbortSignal): Promise<{ ok: boolean; detail: string }> {
  const ctx: FixContext = { connections, signal, changed: () => undefined, progress: () => undefined };
  let verified: { ok: boolean; detail: string };
  try {
    verified = await def.verify(plan, ctx);
  } catch (err) {
    if (isCancelled(err)) throw err;
    verified = { ok: false, detail: `could not verify: ${errorMessage(err)}` };
  }
  await auditWriter(hooks)({ time: new Date().toISOString(), fixId: plan.fixId, findingId: plan.findingId, target: plan.target, step: 'verify', result: verified.ok ? 'ok' : 'failed', detail: verified.detail });
  return verified;
}
