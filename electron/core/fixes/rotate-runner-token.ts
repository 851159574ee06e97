import type { Finding } from '../../../shared/findings';
import type { PreflightCheck } from '../../../shared/fixes';
import type { Facts } from '../diagnosis/facts';
import { classifyToken } from '../gitlab/tokens';
import { scopeCheck } from './gitlab-access';
import { fileModeText, runnerIdOf, targetPicks, tokenHintText } from './runner-token-gitlab';
import { findTokenSinks, rereadSink, sinkCurrent, sinkId, sinkOfFindings, sinkPlanLines, sinkPreflight, sinkTarget, sinkWhere, verifyTokenFix, writeSavedToken } from './token-sink';
import type { FoundSink, TokenSink } from './token-sink-types';
import type { TokenStore } from './token-file';
import { FixInputError, FixStepError, type FixContext, type FixDefinition, type FixPlan, type TargetFilter } from './fix-definition';
import { check, english, errorSaid, msg } from './fix-text';
import { list } from '../../../shared/messages';
import { resumeText, storeText } from './token-store-text';

interface RotateData {
  sink: TokenSink;
  runnerId: number;
  /** Resuming: the token file already holds the token of an interrupted rotation. */
  resume: boolean;
  /** What GitLab said of the new token's expiry (config.toml keeps it). */
  expiresAt?: string | null;
}

/** Tokens another fix replaces rather than rotates: a PAT or a registration token is not the runner's own. */
const NOT_ROTATED = new Set(['personal-access-token', 'runner-registration-token']);

function storeOf(ctx: FixContext): TokenStore | undefined {
  return ctx.connections.tokenStore;
}

function planFor(ctx: FixContext, findingId: string, found: FoundSink, runnerId: number): FixPlan<RotateData> {
  const store = storeOf(ctx);
  const saved = store?.saved();
  const file = storeText(store);
  const gitlabUrl = ctx.connections.gitlabTarget?.url ?? '';
  const current = found.token;
  const sink = sinkTarget(found.sink);
  const where = msg('where.runnerAnd', { runnerId, url: gitlabUrl, sink: sinkWhere(found.sink) });
  const lines = sinkPlanLines(found, {});
  const byCurrentToken = !ctx.connections.gitlabTarget?.token;
  const first = saved
    ? msg('rotate.useSaved', { file, hint: tokenHintText(saved) })
    : msg('rotate.reset', { runnerId, current: current ? tokenHintText(current) : msg('rotate.noToken'), where: found.whereText, file, mode: fileModeText(store) });
  const changes = [first, ...lines.changes];
  const notes = [
    msg('rotate.note.noRollback'),
    msg('rotate.note.saved', { file, resume: resumeText(store) }),
    msg('token.note.shown', { afterwards: store?.afterwards ?? msg('token.afterwardsCli') }),
    ...lines.notes,
  ];
  const title = msg('plan.rotate.title', { runnerId, to: found.sink.kind === 'secret' ? msg('target.deployment', { namespace: found.sink.namespace, name: found.sink.deployment }) : found.whereText });
  return {
    planId: `rotate-runner-token:${runnerId}:${sinkId(found.sink)}`,
    fixId: 'rotate-runner-token',
    findingId,
    title: english(title),
    target: { ...sink, label: english(where), gitlabUrl, runnerId },
    changes: changes.map(english),
    calls: [
      ...(saved
        ? []
        : byCurrentToken
          ? [`POST /api/v4/runners/reset_authentication_token (no GITLAB_TOKEN given: with the runner's current token from ${found.where}, in the body; not repeatable: each call kills the token before it)`]
          : [`POST /api/v4/runners/${runnerId}/reset_authentication_token (with your token; not repeatable: each call kills the token before it)`]),
      ...lines.calls,
    ],
    ...(lines.diff ? { diff: lines.diff } : {}),
    notes: notes.map(english),
    rollback: { possible: false, how: english(msg('plan.rotate.rollback')) },
    messages: { title, changes, notes, rollbackHow: msg('plan.rotate.rollback'), target: where },
    typedConfirmation: String(runnerId),
    data: { sink: found.sink, runnerId, resume: !!saved },
  };
}

/**
 * The reset itself: by runner id with the user's token, or, with none given, with the runner's
 * current token (which GitLab refuses, changing nothing, once that token is dead).
 */
async function reset(ctx: FixContext, d: RotateData, current: string, where: string): Promise<{ token?: string; token_expires_at?: string | null }> {
  if (ctx.connections.gitlabTarget?.token) {
    const gitlab = await ctx.connections.gitlab();
    return (await gitlab.post<{ token?: string; token_expires_at?: string | null }>(`/runners/${d.runnerId}/reset_authentication_token`, { signal: ctx.signal, retry: false, needs: { scopes: ['api', 'manage_runner'] } })).body;
  }
  const gitlab = await ctx.connections.gitlabRunnerSide();
  const res = await gitlab.post<{ token?: string; token_expires_at?: string | null }>('/runners/reset_authentication_token', { auth: false, body: { token: current }, signal: ctx.signal, retry: false, okStatuses: [403] });
  if (res.status === 403) throw new FixStepError(msg('fix.rotate.currentRejected', { hint: tokenHintText(current) }));
  if (!res.body.token) throw new FixStepError(msg('fix.rotate.noTokenFor', { runnerId: d.runnerId, where }));
  return res.body;
}

/** rotate-runner-token: GitLab rejects the runner's token, or the runner lost a rotated one (Helm Secret, ConfigMap or host config.toml). */
export const rotateRunnerToken: FixDefinition<RotateData> = {
  id: 'rotate-runner-token',

  async plan({ findings, facts, target }: { findings: readonly Finding[]; facts: Facts; target: TargetFilter }, ctx) {
    const plans: FixPlan<RotateData>[] = [];
    const unmatched: string[] = [];
    for (const found of await findTokenSinks(ctx, facts)) {
      if (NOT_ROTATED.has(classifyToken(found.token).kind) || !sinkOfFindings(found, findings)) continue;
      const runnerId = runnerIdOf(found, facts, target);
      if (!targetPicks(found, runnerId, target)) continue;
      if (runnerId === undefined) {
        unmatched.push(found.where);
        continue;
      }
      plans.push(planFor(ctx, findings[0]!.id, found, runnerId));
    }
    if (!plans.length && unmatched.length) {
      throw new FixInputError(msg('fix.rotate.runnerUnknown', { where: list(unmatched, 'comma') }));
    }
    return plans;
  },

  async replan(p, ctx) {
    const found = await rereadSink(ctx, p.data.sink);
    return found && planFor(ctx, p.findingId, found, p.data.runnerId);
  },

  async preflight(plan, ctx) {
    const d = plan.data;
    const store = storeOf(ctx);
    const file = storeText(store);
    // A plan needs no file; apply refuses to start without one, before any write.
    const checks: PreflightCheck[] = [
      check(msg('check.tokenFile'), true, !store ? msg('check.tokenFile.none') : d.resume ? msg('check.tokenFile.resuming', { file }) : msg('check.tokenFile.newToken', { file, mode: fileModeText(store) })),
    ];
    if (!d.resume && !ctx.connections.gitlabTarget?.token) {
      const current = await sinkCurrent(ctx, d.sink).catch(() => '');
      const usable = classifyToken(current).runnerUsable !== 'no';
      checks.push(
        check(
          msg('check.currentToken'),
          usable,
          usable ? msg('check.currentToken.usable', { hint: tokenHintText(current) }) : msg('check.currentToken.none', { hint: current ? tokenHintText(current) : msg('rotate.empty') }),
        ),
      );
    } else if (!d.resume) {
      const gitlab = await ctx.connections.gitlab();
      checks.push(await scopeCheck(gitlab, ['api', 'manage_runner'], ctx.signal));
      try {
        await gitlab.get(`/runners/${d.runnerId}`, { signal: ctx.signal });
        checks.push(check(msg('check.runner'), true, msg('check.runner.seen', { runnerId: d.runnerId })));
      } catch (err) {
        checks.push(check(msg('check.runner'), false, msg('check.runner.error', { runnerId: d.runnerId, error: errorSaid(err) })));
      }
    }
    checks.push(...(await sinkPreflight(ctx, d.sink, plan.fixId)));
    return { ok: checks.every((c) => c.ok), checks };
  },

  async apply(plan, ctx) {
    const d = plan.data;
    const store = storeOf(ctx);
    if (!store) throw new FixInputError(msg('fix.rotate.needsTokenFile'));
    let token = store.saved();
    const where = plan.target.label;
    if (!token) {
      // The last chance to stop before the irreversible step: the object must still be as planned.
      const answer = await reset(ctx, d, await sinkCurrent(ctx, d.sink), where);
      if (!answer.token) throw new FixStepError(msg('fix.rotate.noToken', { runnerId: d.runnerId }));
      try {
        await store.save(answer.token);
      } catch (err) {
        throw new FixStepError(msg('fix.rotate.notKept', { runnerId: d.runnerId, store: storeText(store), error: errorSaid(err) }));
      }
      token = answer.token;
      d.expiresAt = answer.token_expires_at ?? null;
      ctx.changed(msg('changed.tokenReset', { runnerId: d.runnerId, hint: tokenHintText(token), file: storeText(store) }));
    } else {
      ctx.changed(msg('changed.usingSaved', { file: storeText(store), hint: tokenHintText(token) }));
    }
    await writeSavedToken(ctx, d.sink, token, { expiresAt: d.expiresAt ?? null }, store);
  },

  verify: (plan, ctx) => verifyTokenFix(ctx, plan.data.sink, plan.data.runnerId),
};
