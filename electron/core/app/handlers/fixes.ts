import { randomUUID } from 'node:crypto';
import type { Sources } from '../../../../shared/ipc/channels';
import type { PreflightView } from '../../../../shared/fixes';
import { collectFacts } from '../../diagnosis/analyze';
import type { DemoLab } from '../../demo-lab/lab';
import { FixConnections } from '../../fixes/connections';
import { FixInputError, type FixContext, type FixDefinition, type FixPlan } from '../../fixes/fix-definition';
import { planView, rollbackFix, runFix, verifyFix } from '../../fixes/lifecycle';
import { english, errorSaid, msg, preflightFailed } from '../../fixes/fix-text';
import { errorText } from '../../../../shared/messages';
import { automatedFixOf, FIXES, TOKEN_FIXES } from '../../fixes/registry';
import { keepItems, SelectionError } from '../../fixes/selection';
import { listRollbacks } from '../../fixes/rollback-store';
import type { AutomatedFixId } from '../../../../shared/findings';
import type { OperationRegistry } from '../../operations/registry';
import { errorMessage, isCancelled, withTimeout } from '../../util/abort';
import type { AppDeps } from '../app-deps';
import { appTokenStore, type AppTokenStore } from '../fixes/app-token-store';
import { addPendingToken, dropPendingToken, readPendingTokens } from '../fixes/pending-tokens';
import { forgetRollbackSources, rememberRollbackSources, rollbackSourcesOf } from '../fixes/rollback-sources';
import { UserFacingError } from '../dispatch';
import type { HandlerContext, Handlers } from '../handler-types';
import type { Session } from '../session';
import { uiExecApprover, uiHostKeyAsker } from './approvers';
import { preparePlan } from './collect-plan';
import { gitlabFailure, kubeFailure } from './errors';
import { GitlabError } from '../../gitlab/errors';

/**
 * Planning stopped on a target's error (unreachable, refused, an HTTP error): said with its
 * message id, so the Fix step shows it in the app's language, coded as the Targets page codes it.
 */
function planFailure(fixId: string, err: unknown): unknown {
  const said = errorText(err);
  if (!said || isCancelled(err) || err instanceof UserFacingError) return err;
  const coded = err instanceof GitlabError ? gitlabFailure(err) : kubeFailure(err);
  return new UserFacingError(coded instanceof UserFacingError ? coded.code : 'server-error', msg('fix.app.cannotPlan', { fix: fixId, error: said }));
}

type FixHandlers = Pick<Handlers, 'fix.plan' | 'fix.select' | 'fix.apply' | 'fix.verify' | 'fix.rollback' | 'fix.rollbacks' | 'fix.openRollback' | 'fix.resume' | 'fix.recollect'>;

/** Planning reads the live objects and dry-runs every write; verification may wait for a rollout. */
const PLAN_TIMEOUT_MS = 120_000;
const VERIFY_TIMEOUT_MS = 180_000;

/** A planned fix the window may apply: the plan with its data, and the connections it writes through. */
interface FixRun {
  def: FixDefinition<never>;
  plan: FixPlan<never>;
  connections: FixConnections;
  /** The targets it writes to, as the Targets page chose them: kept with an applied fix's rollback data. */
  sources: Sources;
  tokens?: AppTokenStore;
  /** Answers the questions the connections ask (exec plugin, host key) until the run is dropped. */
  lifetime: AbortController;
  operationId?: string;
  applied: boolean;
  failed: boolean;
}

export interface FixHandlerDeps {
  deps: AppDeps;
  operations: OperationRegistry;
  session(id: string): Session;
  /** What the session was collected from: a fix writes to the same targets. */
  sourcesOf(sessionId: string): Sources | undefined;
  lab(): DemoLab | undefined;
  /** Starts a collection from the same targets as the session's; answers its operation id. */
  collectAgain(sources: Sources, ctx: HandlerContext): Promise<string>;
}

/**
 * The Fix step over IPC: the core lifecycle (electron/core/fixes) run against the targets of
 * the current collection, with the window's confirm dialog as the yes and audit.jsonl in the
 * app's data directory.
 */
export function fixHandlers({ deps, operations, session, sourcesOf, lab, collectAgain }: FixHandlerDeps): FixHandlers & { dispose(): Promise<void> } {
  const runs = new Map<string, FixRun>();
  const hooks = { dataDir: deps.configDir };

  const runOf = (planId: string): FixRun => {
    const run = runs.get(planId);
    if (!run) throw new UserFacingError('not-found', msg('fix.app.planClosed'));
    if (run.operationId) throw new UserFacingError('conflict', msg('fix.app.running'));
    return run;
  };

  const drop = async (run: FixRun): Promise<void> => {
    run.lifetime.abort();
    await run.connections.close().catch(() => undefined);
  };

  /** A replaced run's connections and questions end, unless another open run still uses them. */
  const dropUnshared = async (run: FixRun): Promise<void> => {
    const open = [...runs.values()];
    if (!open.some((r) => r.connections === run.connections)) await run.connections.close().catch(() => undefined);
    if (!open.some((r) => r.lifetime === run.lifetime)) run.lifetime.abort();
  };

  /**
   * The token store and connections of one token-fix plan: a new name in the secret store, or
   * the one an interrupted rotation of the same target kept its token under. Where it is kept
   * is noted in the app's data directory (never the token) once it is, and forgotten once the
   * fix is verified.
   */
  const tokenRun = async (planId: string, sources: ConstructorParameters<typeof FixConnections>[0]) => {
    const pending = (await readPendingTokens(deps.configDir)).find((p) => p.planId === planId);
    const kept = pending ? await deps.host.secrets.load(pending.secretName).catch(() => undefined) : undefined;
    const secretName = kept && pending ? pending.secretName : `fix-token-${randomUUID()}`;
    const tokens = appTokenStore(deps.host, secretName, {
      ...(kept ? { kept } : {}),
      onSaved: () => addPendingToken(deps.configDir, { planId, secretName, since: new Date().toISOString() }),
    });
    return { tokens, connections: new FixConnections(sources, tokens) };
  };

  const preflightOf = (run: FixRun, signal: AbortSignal): Promise<PreflightView> =>
    run.def
      .preflight(run.plan, fixContext(run, signal))
      .catch((err: unknown): PreflightView => {
        if (isCancelled(err)) throw err;
        return preflightFailed(err);
      });

  /** Runs a write as an operation: progress per step, cancel through operation.cancel, one fix.finished at the end. */
  const operate = (run: FixRun, ctx: HandlerContext, work: (signal: AbortSignal, operationId: string) => Promise<Awaited<ReturnType<typeof runFix>>>): string => {
    const operationId = operations.start(async (signal, id) => {
      try {
        let outcome;
        try {
          outcome = await work(signal, id);
        } catch (err) {
          const said = isCancelled(err) ? msg('outcome.cancelled') : errorText(err);
          outcome = {
            planId: run.plan.planId,
            fixId: run.plan.fixId,
            result: 'failed' as const,
            message: isCancelled(err) ? english(msg('outcome.cancelled')) : errorMessage(err),
            changed: [],
            notChanged: [],
            ...(said ? { messages: { message: said } } : {}),
          };
        }
        if (outcome.result === 'applied') run.applied = true;
        // A rollback kept for after a restart needs the targets to connect to again (never a token: only where one is kept).
        if (outcome.result === 'applied' && run.plan.rollback.possible && run.def.rollback)
          await rememberRollbackSources(deps.configDir, run.plan.findingId, run.plan.planId, run.sources).catch(() => undefined);
        if (outcome.result === 'rolled-back') await forgetRollbackSources(deps.configDir, run.plan.findingId).catch(() => undefined);
        if (run.tokens && outcome.result === 'applied' && outcome.verified) await dropPendingToken(deps.configDir, run.plan.planId).catch(() => undefined);
        if (outcome.result === 'rolled-back') run.applied = false;
        run.failed = outcome.result === 'failed';
        // A plan changed by a conflict needs a new yes: show its preflight with it.
        const preflight = outcome.result === 'replanned' ? await preflightOf(run, withTimeout(run.lifetime.signal, PLAN_TIMEOUT_MS)).catch(() => undefined) : undefined;
        ctx.emit('fix.finished', {
          operationId: id,
          planId: run.plan.planId,
          outcome,
          ...(preflight ? { preflight } : {}),
          resumable: run.failed && run.tokens?.saved() !== undefined,
        });
      } finally {
        run.operationId = undefined;
      }
    });
    run.operationId = operationId;
    return operationId;
  };

  /** The fix as the lifecycle sees it, keeping the plan a conflict made so the next yes applies that one. */
  const tracked = (run: FixRun): FixDefinition<never> => ({
    ...run.def,
    replan: async (p, c) => {
      const again = await run.def.replan(p, c);
      if (again) run.plan = again;
      return again;
    },
  });

  return {
    'fix.plan': async ({ sessionId, findingId, subject }, ctx) => {
      const s = session(sessionId);
      const sources = sourcesOf(sessionId);
      // Never planned from stale evidence: a diagnosis restored after a restart is collected again first.
      if (s.origin === 'restored') throw new UserFacingError('invalid-input', msg('fix.app.restoredStale'));
      if (s.origin !== 'collected' || !sources) {
        throw new UserFacingError('invalid-input', msg('fix.app.bundleReadOnly'));
      }
      const findings = s.analysis.findings.filter((f) => f.id === findingId && (subject === undefined || f.subject === subject));
      const fixId = findings.map(automatedFixOf).find((x) => x !== undefined);
      if (!findings.length) throw new UserFacingError('not-found', msg('fix.app.notAFinding', { finding: findingId }));
      if (!fixId) throw new UserFacingError('invalid-input', msg('fix.app.noFix', { finding: findingId }));
      const lifetime = new AbortController();
      const prepared = await preparePlan(sources, deps, lab());
      const plan = prepared({ approveExec: uiExecApprover(deps.prompts, ctx, lifetime.signal), askHostKey: uiHostKeyAsker(deps.prompts, ctx, lifetime.signal) });
      // Planning keeps no token: each plan gets its own store below, so one rotation's token is never taken for another.
      const tokenFix = TOKEN_FIXES.has(fixId);
      const connections = new FixConnections(plan, tokenFix ? appTokenStore(deps.host, 'planning') : undefined);
      const def = FIXES[fixId];
      const signal = withTimeout(lifetime.signal, PLAN_TIMEOUT_MS);
      let plans: FixPlan<never>[];
      try {
        const facts = await collectFacts(s.reader, signal);
        const fixCtx: FixContext = { connections, signal, changed: () => undefined, progress: () => undefined };
        plans = await def.plan({ findings: findings.filter((f) => automatedFixOf(f) === fixId), facts, target: undefined }, fixCtx);
      } catch (err) {
        lifetime.abort();
        await connections.close().catch(() => undefined);
        if (err instanceof FixInputError) throw new UserFacingError('invalid-input', msg('fix.app.cannotPlan', { fix: fixId, error: errorSaid(err) }));
        throw planFailure(fixId, err);
      }
      const planned = [];
      for (const first of plans) {
        let p = first;
        let runConnections = connections;
        let tokens: AppTokenStore | undefined;
        if (tokenFix) {
          ({ tokens, connections: runConnections } = await tokenRun(p.planId, plan));
          // A rotation interrupted after the reset (in this run or before a restart): plan it again as a resume.
          if (tokens.saved() !== undefined) p = (await def.replan(p, { connections: runConnections, signal, changed: () => undefined, progress: () => undefined })) ?? p;
        }
        const previous = runs.get(p.planId);
        if (previous?.operationId) operations.cancel(previous.operationId);
        const run: FixRun = { def, plan: p, connections: runConnections, sources, ...(tokens ? { tokens } : {}), lifetime, applied: false, failed: false };
        runs.set(p.planId, run);
        if (previous) await dropUnshared(previous);
        planned.push({ plan: planView(p), preflight: await preflightOf(run, signal) });
      }
      // Runs of this call share its connections (token fixes: the planning ones are not used again).
      if (!plans.length || tokenFix) await connections.close().catch(() => undefined);
      if (!plans.length) lifetime.abort();
      return { fixId, plans: planned, ...(tokenFix ? { tokenKeeping: deps.host.shell === 'electron' ? ('safe-storage' as const) : ('memory' as const) } : {}) };
    },

    'fix.select': async ({ planId, keep }) => {
      const run = runOf(planId);
      let narrowed;
      try {
        narrowed = keepItems(run.def, run.plan, keep);
      } catch (err) {
        if (err instanceof SelectionError) throw new UserFacingError('invalid-input', msg('fix.app.selection', { error: errorSaid(err) }));
        throw err;
      }
      if (!narrowed) throw new UserFacingError('invalid-input', msg('fix.app.keepOne'));
      run.plan = narrowed;
      return { plan: planView(narrowed), preflight: await preflightOf(run, withTimeout(run.lifetime.signal, PLAN_TIMEOUT_MS)) };
    },

    'fix.apply': async ({ planId, confirm, typed }, ctx) => {
      const run = runOf(planId);
      if (run.applied) throw new UserFacingError('conflict', msg('fix.app.appliedAlready'));
      const operationId = operate(run, ctx, (signal, id) =>
        runFix(
          tracked(run),
          run.plan,
          run.connections,
          {
            ...hooks,
            // The yes is the confirm dialog's, for the plan it showed; a plan changed by a conflict needs a new one.
            confirm: async (view, _preflight, again) => !again && confirm && (view.typedConfirmation === undefined || typed?.trim() === view.typedConfirmation),
            onProgress: (e) => ctx.emit('fix.progress', { operationId: id, ...e }),
          },
          signal,
        ),
      );
      return { operationId };
    },

    'fix.verify': async ({ planId }) => {
      const run = runOf(planId);
      if (!run.applied) throw new UserFacingError('invalid-input', msg('fix.app.nothingApplied'));
      return verifyFix(run.def, run.plan, run.connections, hooks, withTimeout(run.lifetime.signal, VERIFY_TIMEOUT_MS));
    },

    'fix.rollback': async ({ planId, confirm }, ctx) => {
      const run = runOf(planId);
      if (!run.applied && !run.failed) throw new UserFacingError('invalid-input', msg('fix.app.nothingApplied'));
      if (!confirm) throw new UserFacingError('invalid-input', msg('fix.app.rollbackNeedsYes'));
      const operationId = operate(run, ctx, async (signal, id) => {
        const how = run.plan.messages?.rollbackHow;
        ctx.emit('fix.progress', { operationId: id, planId, step: 'rollback', state: 'running', message: run.plan.rollback.how, ...(how ? { text: how } : {}) });
        const outcome = await rollbackFix(run.def, run.plan, run.connections, hooks, signal);
        const said = outcome.messages?.message;
        ctx.emit('fix.progress', { operationId: id, planId, step: 'rollback', state: outcome.result === 'rolled-back' ? 'ok' : 'failed', message: outcome.message, ...(said ? { text: said } : {}) });
        return outcome;
      });
      return { operationId };
    },

    'fix.rollbacks': async () => {
      const kept = await listRollbacks(deps.configDir);
      const rollbacks = [];
      for (const { plan, savedAt } of kept) {
        const sources = await rollbackSourcesOf(deps.configDir, plan.findingId, plan.planId, savedAt);
        rollbacks.push({ findingId: plan.findingId, plan: planView(plan), savedAt, fromApp: sources !== undefined });
      }
      return { rollbacks };
    },

    'fix.openRollback': async ({ findingId, planId }, ctx) => {
      const kept = (await listRollbacks(deps.configDir)).find((r) => r.plan.findingId === findingId && (planId === undefined || r.plan.planId === planId));
      const stored = kept?.plan;
      if (!kept || !stored) throw new UserFacingError('not-found', msg('fix.app.noRollbackKept', { finding: findingId }));
      const def = FIXES[stored.fixId as AutomatedFixId] as FixDefinition<never> | undefined;
      if (!def?.rollback) throw new UserFacingError('invalid-input', msg('fix.app.cannotRollBack', { fix: stored.fixId }));
      const sources = await rollbackSourcesOf(deps.configDir, findingId, stored.planId, kept.savedAt);
      if (!sources) {
        throw new UserFacingError('invalid-input', msg('fix.app.appliedWithCli', { fix: stored.fixId, finding: findingId }));
      }
      const previous = runs.get(stored.planId);
      if (previous?.operationId) throw new UserFacingError('conflict', msg('fix.app.runningWait'));
      const lifetime = new AbortController();
      const prepared = await preparePlan(sources, deps, lab());
      const plan = prepared({ approveExec: uiExecApprover(deps.prompts, ctx, lifetime.signal), askHostKey: uiHostKeyAsker(deps.prompts, ctx, lifetime.signal) });
      // The rollback checks its own preconditions when it runs: an object changed since the fix is left as it is.
      runs.set(stored.planId, { def, plan: stored, connections: new FixConnections(plan), sources, lifetime, applied: true, failed: false });
      if (previous) await dropUnshared(previous);
      return { plan: planView(stored) };
    },

    'fix.resume': async ({ planId }, ctx) => {
      const run = runOf(planId);
      if (!run.failed || run.tokens?.saved() === undefined) throw new UserFacingError('invalid-input', msg('fix.app.nothingToResume'));
      const operationId = operate(run, ctx, async (signal, id) => {
        ctx.emit('fix.progress', { operationId: id, planId, step: 'plan', state: 'running', message: english(msg('progress.resume')), text: msg('progress.resume') });
        const again = await run.def.replan(run.plan, { connections: run.connections, signal, changed: () => undefined, progress: () => undefined });
        if (!again) return { planId, fixId: run.plan.fixId, result: 'nothing-to-do' as const, message: english(msg('outcome.nothingLeft')), messages: { message: msg('outcome.nothingLeft') }, changed: [], notChanged: [] };
        run.plan = again;
        // Resume was the user's yes: the irreversible step is behind, and the rest is what they confirmed.
        return runFix(tracked(run), again, run.connections, { ...hooks, confirm: async (_v, _p, conflict) => !conflict, onProgress: (e) => ctx.emit('fix.progress', { operationId: id, ...e }) }, signal);
      });
      return { operationId };
    },

    'fix.recollect': async ({ sessionId }, ctx) => {
      session(sessionId);
      const sources = sourcesOf(sessionId);
      if (!sources) throw new UserFacingError('invalid-input', msg('fix.app.notCollected'));
      return { operationId: await collectAgain(sources, ctx) };
    },

    async dispose() {
      const all = new Set(runs.values());
      runs.clear();
      for (const run of all) await drop(run);
    },
  };

  function fixContext(run: FixRun, signal: AbortSignal): FixContext {
    return { connections: run.connections, signal, changed: () => undefined, progress: () => undefined };
  }
}
