import type { RunnerDoctorApi } from '../../shared/ipc/api';
import { findingsStillShown, type Finding, type FixRef } from '../../shared/findings';
import type { PlannedFix } from '../../shared/ipc/fixes';
import { api } from './client';
import { resetFindingsView } from './findings/findings-view';
import { getFix, initialFixState, setFix, updateRun } from './fix/fix-store';
import { getState, goTo, setState, useStore } from './store';

/** A finding's fix button: the Fix step takes the finding and the fix it names, and plans it when the app applies it. */
export function openFix(finding: Finding, fix: FixRef): void {
  setState({ fix: { finding, fix } });
  setFix(initialFixState, true);
  goTo('fix');
  if (fix.automated && getState().session?.origin === 'collected') void planFix();
}

/** Progress and results of fix operations, for the plan they belong to. */
export function listenForFixes(instance: RunnerDoctorApi): void {
  instance.on('fix.progress', (p) => {
    if (getFix().runs[p.planId]?.operationId !== p.operationId) return;
    updateRun(p.planId, (r) => ({ ...r, progress: [...r.progress, p] }));
  });
  instance.on('fix.finished', (f) => {
    if (getFix().runs[f.planId]?.operationId !== f.operationId) return;
    updateRun(f.planId, (r) => ({ ...r, operationId: undefined, outcome: f.outcome, resumable: f.resumable }));
    // A conflict made a new plan: it replaces the one shown, and needs a new yes.
    if (f.outcome.result === 'replanned' && f.outcome.replanned && f.preflight) replacePlan({ plan: f.outcome.replanned, preflight: f.preflight });
    // A kept rollback from an earlier run belongs to no diagnosis open now: nothing to collect again for it.
    if ((f.outcome.result === 'applied' || f.outcome.result === 'rolled-back') && getFix().plans.some((p) => p.plan.planId === f.planId)) void collectAgain(f.planId);
  });
}

function replacePlan(next: PlannedFix): void {
  setFix((s) => ({ plans: s.plans.map((p) => (p.plan.planId === next.plan.planId ? next : p)), deselected: { ...s.deselected, [next.plan.planId]: [] } }));
}

/** Plans the chosen finding's fix from fresh reads of the collection's targets, with its preflight; writes nothing. */
export async function planFix(): Promise<void> {
  const { fix, session } = getState();
  if (!fix || !session) return;
  setFix({ ...initialFixState, phase: 'planning' });
  const r = await api().invoke('fix.plan', { sessionId: session.sessionId, findingId: fix.finding.id, ...(fix.finding.subject ? { subject: fix.finding.subject } : {}) });
  if (!r.ok) return setFix({ phase: 'failed', error: r.error });
  setFix({ phase: 'ready', fixId: r.value.fixId, plans: r.value.plans, ...(r.value.tokenKeeping ? { tokenKeeping: r.value.tokenKeeping } : {}) });
}

/** The fixes applied earlier, also before a restart, that can still be rolled back. */
export async function loadStoredRollbacks(): Promise<void> {
  const r = await api().invoke('fix.rollbacks', {});
  if (!r.ok) return setFix({ storedError: r.error });
  setFix({ stored: r.value.rollbacks, storedError: undefined });
}

/** "Roll back…" on a kept rollback: opened on the targets it was applied on, then the same confirm dialog as in the Fix step. */
export async function openStoredRollback(findingId: string, planId: string): Promise<void> {
  setFix({ storedError: undefined });
  const r = await api().invoke('fix.openRollback', { findingId, planId });
  if (!r.ok) return setFix({ storedError: r.error });
  setFix({ confirming: { planId: r.value.plan.planId, action: 'rollback' } });
}

export function toggleItem(planId: string, itemId: string, selected: boolean): void {
  setFix((s) => {
    const off = new Set(s.deselected[planId] ?? []);
    if (selected) off.delete(itemId);
    else off.add(itemId);
    return { deselected: { ...s.deselected, [planId]: [...off] } };
  });
}

/** The plan narrowed to the items left selected, dry-run again; false when that failed. */
async function applySelection(planId: string): Promise<boolean> {
  const { plans, deselected } = getFix();
  const off = new Set(deselected[planId] ?? []);
  const plan = plans.find((p) => p.plan.planId === planId)?.plan;
  if (!plan?.items || off.size === 0) return true;
  setFix({ busy: planId, error: undefined });
  const r = await api().invoke('fix.select', { planId, keep: plan.items.filter((i) => !off.has(i.id)).map((i) => i.id) });
  setFix({ busy: undefined });
  if (!r.ok) {
    setFix({ error: r.error });
    return false;
  }
  replacePlan(r.value);
  return r.value.preflight.ok;
}

/** "Apply…" / "Roll back…": the confirm dialog, after the selection has been dry-run. */
export async function openConfirm(planId: string, action: 'apply' | 'rollback'): Promise<void> {
  if (action === 'apply' && !(await applySelection(planId))) return;
  setFix({ confirming: { planId, action } });
}

export function closeConfirm(): void {
  setFix({ confirming: undefined });
}

/** The confirm dialog's yes: the only place a write starts. */
export async function confirmFix(typed: string): Promise<void> {
  const confirming = getFix().confirming;
  if (!confirming) return;
  const { planId, action } = confirming;
  setFix({ confirming: undefined, error: undefined });
  const r =
    action === 'apply'
      ? await api().invoke('fix.apply', { planId, confirm: true, ...(typed ? { typed } : {}) })
      : await api().invoke('fix.rollback', { planId, confirm: true });
  if (!r.ok) return setFix({ error: r.error });
  updateRun(planId, (run) => ({ ...run, operationId: r.value.operationId, action, progress: [], outcome: undefined, resumable: undefined, verify: undefined, recollect: undefined }));
}

/** After a failure past an irreversible step: finish with the kept token. */
export async function resumeFix(planId: string): Promise<void> {
  const r = await api().invoke('fix.resume', { planId });
  if (!r.ok) return setFix({ error: r.error });
  updateRun(planId, (run) => ({ ...run, operationId: r.value.operationId, action: 'resume', progress: [], outcome: undefined, resumable: undefined, verify: undefined }));
}

export async function cancelFix(planId: string): Promise<void> {
  const operationId = getFix().runs[planId]?.operationId;
  if (!operationId) return;
  const r = await api().invoke('operation.cancel', { operationId });
  if (!r.ok) setFix({ error: r.error });
}

export async function verifyAgain(planId: string): Promise<void> {
  setFix({ busy: planId });
  const r = await api().invoke('fix.verify', { planId });
  setFix({ busy: undefined });
  if (!r.ok) return setFix({ error: r.error });
  updateRun(planId, (run) => ({ ...run, verify: r.value }));
}

/** Waits for a collection to finish, from the events the wizard already records. */
function finishedOf(operationId: string): Promise<{ status: string; sessionId?: string }> {
  return new Promise((resolve) => {
    const check = (): boolean => {
      const done = useStore.getState().finished[operationId];
      if (done) resolve(done);
      return done !== undefined;
    };
    if (check()) return;
    const stop = useStore.subscribe(() => {
      if (check()) stop();
    });
  });
}

/** After a fix: collect again from the same targets and analyze; the Findings step shows the fresh result. */
async function collectAgain(planId: string): Promise<void> {
  const { session, fix } = getState();
  if (!session || !fix) return;
  updateRun(planId, (r) => ({ ...r, recollect: 'running' }));
  const started = await api().invoke('fix.recollect', { sessionId: session.sessionId });
  if (!started.ok) return updateRun(planId, (r) => ({ ...r, recollect: 'failed' }));
  const done = await finishedOf(started.value.operationId);
  const fresh = done.status === 'ok' && done.sessionId ? await api().invoke('session.get', { sessionId: done.sessionId }) : undefined;
  if (!fresh?.ok) return updateRun(planId, (r) => ({ ...r, recollect: 'failed' }));
  resetFindingsView();
  setState({ session: fresh.value, exported: undefined, copiedReport: undefined });
  const still = findingsStillShown(fresh.value.findings, [fix.finding]).length > 0;
  updateRun(planId, (r) => ({ ...r, recollect: still ? 'still' : 'gone' }));
}
