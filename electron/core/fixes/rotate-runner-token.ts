import type { Finding } from '../../../shared/findings';
import type { PreflightCheck } from '../../../shared/fixes';
import type { Facts } from '../diagnosis/facts';
import { classifyToken } from '../gitlab/tokens';
import { errorMessage } from '../util/abort';
import { scopeCheck } from './gitlab-access';
import { fileMode, runnerIdOf, targetPicks, tokenHint } from './runner-token-gitlab';
import { findTokenSinks, rereadSink, sinkCurrent, sinkId, sinkOfFindings, sinkPlanLines, sinkPreflight, sinkTarget, verifyTokenFix, writeSavedToken } from './token-sink';
import type { FoundSink, TokenSink } from './token-sink-types';
import type { TokenStore } from './token-file';
import { FixInputError, type FixContext, type FixDefinition, type FixPlan, type TargetFilter } from './fix-definition';
import { english, msg } from './fix-text';

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
  const file = store?.label ?? 'the --token-file FILE (required to apply)';
  const gitlabUrl = ctx.connections.gitlabTarget?.url ?? '';
  const current = found.token;
  const sink = sinkTarget(found.sink);
  const lines = sinkPlanLines(found, {});
  const byCurrentToken = !ctx.connections.gitlabTarget?.token;
  const first = saved
    ? `use the token saved in ${file} by the interrupted rotation (${tokenHint(saved)}); GitLab is not asked to reset again`
    : `reset runner ${runnerId}'s authentication token in GitLab: the current one (${current ? tokenHint(current) : 'none'} in ${found.where}) stops working at once; the new one is written to ${file}${fileMode(store)} before anything else`;
  return {
    planId: `rotate-runner-token:${runnerId}:${sinkId(found.sink)}`,
    fixId: 'rotate-runner-token',
    findingId,
    title: english(msg('plan.rotate.title', { runnerId, to: found.sink.kind === 'secret' ? msg('target.deployment', { namespace: found.sink.namespace, name: found.sink.deployment }) : found.where })),
    target: { ...sink, label: `runner ${runnerId} on ${gitlabUrl}, ${sink.label}`, gitlabUrl, runnerId },
    changes: [first, ...lines.changes],
    calls: [
      ...(saved
        ? []
        : byCurrentToken
          ? [`POST /api/v4/runners/reset_authentication_token (no GITLAB_TOKEN given: with the runner's current token from ${found.where}, in the body; not repeatable: each call kills the token before it)`]
          : [`POST /api/v4/runners/${runnerId}/reset_authentication_token (with your token; not repeatable: each call kills the token before it)`]),
      ...lines.calls,
    ],
    ...(lines.diff ? { diff: lines.diff } : {}),
    notes: [
      'Token rotation cannot be rolled back: GitLab invalidates the old token the moment it resets it, and shows the new one only once.',
      `So the new token is saved to ${file} first. If a later step fails, ${store?.resumeHow ?? `run the same command with --apply --yes --resume --token-file ${store?.label ?? 'FILE'}`}: it uses the saved token and resumes from the step that failed.`,
      `Tokens are shown only as their type and last 4 characters. ${store?.afterwards ?? 'Delete the token file once the runner is healthy, or keep it as safely as any runner token.'}`,
      ...lines.notes,
    ],
    rollback: { possible: false, how: english(msg('plan.rotate.rollback')) },
    messages: {
      title: msg('plan.rotate.title', { runnerId, to: found.sink.kind === 'secret' ? msg('target.deployment', { namespace: found.sink.namespace, name: found.sink.deployment }) : found.where }),
      rollbackHow: msg('plan.rotate.rollback'),
    },
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
  if (res.status === 403) throw new Error(`GitLab rejects the runner's current token (${tokenHint(current)}), so it cannot reset it; nothing was changed: give a personal access token with the manage_runner scope in GITLAB_TOKEN`);
  if (!res.body.token) throw new Error(`GitLab answered the reset of runner ${d.runnerId} without a token: reset it in GitLab's UI and put the token in ${where} by hand`);
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
      throw new FixInputError(`cannot tell which GitLab runner reads ${unmatched.join(', ')} (no runner id in config.toml, no runner whose description is its name or RUNNER_NAME): pass --target RUNNER_ID, with --gitlab-url`);
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
    const checks: PreflightCheck[] = [
      store
        ? { name: 'token file', ok: true, detail: d.resume ? `resuming with the token saved in ${store.label}` : `the new token goes to ${store.label}${fileMode(store)} before any other step` }
        : // A plan needs no file; apply refuses to start without one, before any write.
          { name: 'token file', ok: true, detail: 'none given yet: --apply needs --token-file FILE, where the new token is saved before any other step' },
    ];
    if (!d.resume && !ctx.connections.gitlabTarget?.token) {
      const current = await sinkCurrent(ctx, d.sink).catch(() => '');
      const usable = classifyToken(current).runnerUsable !== 'no';
      checks.push({
        name: 'current token',
        ok: usable,
        detail: usable
          ? `no GITLAB_TOKEN: the reset authenticates with the runner's current token (${tokenHint(current)}); if GitLab already rejects it, the reset fails with 403 and nothing changes`
          : `no GITLAB_TOKEN, and there is no runner token to reset with (${current ? tokenHint(current) : 'empty'}): give a personal access token with the manage_runner scope in GITLAB_TOKEN`,
      });
    } else if (!d.resume) {
      const gitlab = await ctx.connections.gitlab();
      checks.push(await scopeCheck(gitlab, ['api', 'manage_runner'], ctx.signal));
      try {
        await gitlab.get(`/runners/${d.runnerId}`, { signal: ctx.signal });
        checks.push({ name: 'runner', ok: true, detail: `your token can see runner ${d.runnerId}` });
      } catch (err) {
        checks.push({ name: 'runner', ok: false, detail: `runner ${d.runnerId}: ${errorMessage(err)}` });
      }
    }
    checks.push(...(await sinkPreflight(ctx, d.sink, plan.fixId)));
    return { ok: checks.every((c) => c.ok), checks };
  },

  async apply(plan, ctx) {
    const d = plan.data;
    const store = storeOf(ctx);
    if (!store) throw new FixInputError('a rotated token must be saved before anything else: pass --token-file FILE');
    let token = store.saved();
    const where = plan.target.label;
    if (!token) {
      // The last chance to stop before the irreversible step: the object must still be as planned.
      const answer = await reset(ctx, d, await sinkCurrent(ctx, d.sink), where);
      if (!answer.token) throw new Error(`GitLab answered the reset of runner ${d.runnerId} without a token: reset it in GitLab's UI and put the token in place by hand`);
      try {
        await store.save(answer.token);
      } catch (err) {
        throw new Error(`GitLab reset runner ${d.runnerId}'s token (the old one is dead), but it could not be written to ${store.label}: ${errorMessage(err)}; make the file writable and run the fix again (a new reset)`);
      }
      token = answer.token;
      d.expiresAt = answer.token_expires_at ?? null;
      ctx.changed(`runner ${d.runnerId}: token reset in GitLab (the old one is dead); the new one (${tokenHint(token)}) saved to ${store.label}`);
    } else {
      ctx.changed(`using the token saved in ${store.label} (${tokenHint(token)}); no new reset`);
    }
    await writeSavedToken(ctx, d.sink, token, { expiresAt: d.expiresAt ?? null }, store);
  },

  verify: (plan, ctx) => verifyTokenFix(ctx, plan.data.sink, plan.data.runnerId),
};
