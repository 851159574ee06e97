import type { Finding } from '../../../shared/findings';
import type { FixChoices, PreflightCheck } from '../../../shared/fixes';
import type { Facts } from '../diagnosis/facts';
import type { GitlabClient } from '../gitlab/client';
import type { CurrentUser } from '../gitlab/whoami';
import { classifyToken } from '../gitlab/tokens';
import { errorMessage } from '../util/abort';
import { projectRoleCheck, scopeCheck } from './gitlab-access';
import { fileMode, runnerIdOf, targetPicks, tokenHint } from './runner-token-gitlab';
import { findTokenSinks, rereadSink, sinkCurrent, sinkId, sinkOfFindings, sinkPlanLines, sinkPreflight, sinkTarget, verifyTokenFix, writeSavedToken } from './token-sink';
import type { FoundSink, TokenSink } from './token-sink-types';
import type { TokenStore } from './token-file';
import { FixInputError, type FixContext, type FixDefinition, type FixPlan, type TargetFilter } from './fix-definition';
import { english, msg } from './fix-text';

type RunnerType = 'instance_type' | 'group_type' | 'project_type';

/** The body of `POST /user/runners`. */
interface NewRunner {
  runner_type: RunnerType;
  group_id?: number;
  project_id?: number;
  description?: string;
  tag_list?: string[];
  run_untagged?: boolean;
  locked?: boolean;
  access_level?: string;
  maximum_timeout?: number;
}

interface ReplaceData {
  sink: TokenSink;
  /** What the sink holds now: a personal access token or a registration token. */
  wrongKind: 'personal-access-token' | 'runner-registration-token';
  /** The runner the config was meant for, when GitLab shows one. */
  oldRunnerId?: number;
  /** The runner to create; absent when the user gave a glrt- token, or a resume uses the saved one. */
  create?: NewRunner;
  createdRunnerId?: number;
  expiresAt?: string | null;
}

/** What GitLab shows of the runner being replaced (GET /runners/:id). */
interface RunnerDetail {
  id: number;
  description?: string;
  runner_type?: RunnerType;
  tag_list?: string[];
  run_untagged?: boolean;
  locked?: boolean;
  access_level?: string;
  maximum_timeout?: number | null;
  projects?: { id: number; path_with_namespace?: string }[];
  groups?: { id: number; full_path?: string }[];
}

const WRONG_KINDS = new Set(['personal-access-token', 'runner-registration-token']);

function storeOf(ctx: FixContext): TokenStore | undefined {
  return ctx.connections.tokenStore;
}

/** The runner being replaced as GitLab shows it, or why it could not be read. */
async function existingRunner(ctx: FixContext, id: number | undefined): Promise<{ old?: RunnerDetail; why: string }> {
  if (id === undefined) return { why: 'no runner in GitLab is known for it' };
  if (!ctx.connections.gitlabTarget?.token) return { why: `runner ${id} is not read without GITLAB_TOKEN` };
  const gitlab = await ctx.connections.gitlab();
  try {
    return { old: (await gitlab.get<RunnerDetail>(`/runners/${id}`, { signal: ctx.signal })).body, why: '' };
  } catch (err) {
    return { why: `runner ${id} could not be read (${errorMessage(err)})` };
  }
}

/** The new runner: the user's choices, else what GitLab shows of the runner being replaced, else the config's name. */
function newRunnerFrom(choices: FixChoices['newRunner'], { old, why }: { old?: RunnerDetail; why: string }, found: FoundSink): NewRunner {
  const c = choices ?? {};
  const projectId = c.projectId ?? (c.runnerType === undefined || c.runnerType === 'project_type' ? old?.projects?.[0]?.id : undefined);
  const groupId = c.groupId ?? (c.runnerType === undefined || c.runnerType === 'group_type' ? old?.groups?.[0]?.id : undefined);
  const type = c.runnerType ?? (c.projectId !== undefined ? 'project_type' : c.groupId !== undefined ? 'group_type' : old?.runner_type);
  if (!type) throw new FixInputError(`the runner type cannot be copied for ${found.where}: ${why}; pass --runner-type instance|group|project (with --group-id or --project-id)`);
  if (type === 'project_type' && projectId === undefined) throw new FixInputError('a project runner needs its project: pass --project-id ID');
  if (type === 'group_type' && groupId === undefined) throw new FixInputError('a group runner needs its group: pass --group-id ID');
  const tags = c.tags ?? old?.tag_list ?? [];
  const description = c.description ?? old?.description ?? found.names[0];
  return {
    runner_type: type,
    ...(type === 'project_type' ? { project_id: projectId! } : {}),
    ...(type === 'group_type' ? { group_id: groupId! } : {}),
    ...(description ? { description } : {}),
    tag_list: tags,
    run_untagged: c.runUntagged ?? old?.run_untagged ?? tags.length === 0,
    ...(old?.locked !== undefined ? { locked: old.locked } : {}),
    ...(old?.access_level ? { access_level: old.access_level } : {}),
    ...(old?.maximum_timeout ? { maximum_timeout: old.maximum_timeout } : {}),
  };
}

function describeRunner(r: NewRunner, old: number | undefined, copied: boolean): string {
  const scope = r.runner_type === 'project_type' ? `project runner of project ${r.project_id}` : r.runner_type === 'group_type' ? `group runner of group ${r.group_id}` : 'instance runner';
  const tags = r.tag_list?.length ? `tags ${r.tag_list.join(', ')}` : 'no tags';
  return `create a ${scope} in GitLab: description "${r.description ?? ''}", ${tags}, run untagged jobs: ${r.run_untagged ? 'yes' : 'no'}${copied && old !== undefined ? ` (as runner ${old} shows them, unless you chose otherwise)` : ''}`;
}

async function planFor(ctx: FixContext, findingId: string, found: FoundSink, oldRunnerId: number | undefined, choices: FixChoices['newRunner']): Promise<FixPlan<ReplaceData>> {
  const store = storeOf(ctx);
  const saved = store?.saved();
  const file = store?.label ?? 'the --token-file FILE (required to apply)';
  const gitlabUrl = (ctx.connections.gitlabTarget?.url ?? '').replace(/\/$/, '');
  const wrongKind = classifyToken(found.token).kind as ReplaceData['wrongKind'];
  const existing = saved ? undefined : await existingRunner(ctx, oldRunnerId);
  const create = existing ? newRunnerFrom(choices, existing, found) : undefined;
  const sink = sinkTarget(found.sink);
  const lines = sinkPlanLines(found, { ...(create ? { runnerId: 0 } : {}) });
  const first = saved
    ? store?.given
      ? `use the runner authentication token you created, from ${file} (${tokenHint(saved)}); no runner is created`
      : `use the token saved in ${file} by the interrupted run (${tokenHint(saved)}); no runner is created again`
    : `${describeRunner(create!, oldRunnerId, !!existing?.old)}; its token (shown once) is written to ${file}${fileMode(store)} before anything else`;
  const revoke =
    wrongKind === 'personal-access-token'
      ? `The personal access token (${tokenHint(found.token)}) sat in ${found.where}: whoever could read it had its owner's API access, and still has until it is revoked. Only its owner (or an administrator) can revoke it, and should now: ${gitlabUrl || 'GitLab'}/-/user_settings/personal_access_tokens (an administrator: Admin area → Users → the user → Access tokens). Runner Doctor does not revoke it.`
      : `The registration token (${tokenHint(found.token)}) in ${found.where} is deprecated (disabled by default since GitLab 17.0): reset it where it was issued (Settings → CI/CD → Runners, ⋮ → Reset registration token), as whoever read the config could register runners with it.`;
  return {
    planId: `replace-pat-with-runner-token:${sinkId(found.sink)}`,
    fixId: 'replace-pat-with-runner-token',
    findingId,
    title: english(msg('plan.replacePat.title', { kind: msg(wrongKind === 'personal-access-token' ? 'token.pat' : 'token.registration'), where: found.where })),
    target: { ...sink, ...(gitlabUrl ? { gitlabUrl } : {}), ...(oldRunnerId !== undefined ? { runnerId: oldRunnerId } : {}) },
    changes: [first, ...lines.changes],
    calls: [
      ...(create
        ? [
            `POST /api/v4/user/runners (${Object.entries(create)
              .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`)
              .join(', ')}; with your token: the create_runner or api scope, and ${create.runner_type === 'instance_type' ? 'an administrator' : create.runner_type === 'group_type' ? 'the Owner role in the group' : 'the Maintainer role in the project'}; not repeatable: each call creates another runner)`,
          ]
        : []),
      ...lines.calls,
    ],
    ...(lines.diff ? { diff: lines.diff } : {}),
    notes: [
      revoke,
      ...(oldRunnerId !== undefined && create ? [`Runner ${oldRunnerId}, the one this config was meant for, stays in GitLab: once the new runner works, delete it there (its page in GitLab, or DELETE /api/v4/runners/${oldRunnerId}).`] : []),
      `The new token is saved to ${file} first. If a later step fails, ${store?.resumeHow ?? `run the same command with --apply --yes --resume --token-file ${store?.label ?? 'FILE'}`}: it uses the saved token and creates no second runner.`,
      `Tokens are shown only as their type and last 4 characters. ${store?.afterwards ?? 'Delete the token file once the runner is healthy, or keep it as safely as any runner token.'}`,
      ...lines.notes,
    ],
    rollback: { possible: false, how: english(msg('plan.replacePat.rollback', { kind: msg(wrongKind === 'personal-access-token' ? 'token.pat' : 'token.registration') })) },
    messages: {
      title: msg('plan.replacePat.title', { kind: msg(wrongKind === 'personal-access-token' ? 'token.pat' : 'token.registration'), where: found.where }),
      rollbackHow: msg('plan.replacePat.rollback', { kind: msg(wrongKind === 'personal-access-token' ? 'token.pat' : 'token.registration') }),
    },
    typedConfirmation: found.sink.kind === 'ssh' ? found.sink.alias : found.sink.kind === 'secret' ? found.sink.secret : found.sink.name,
    data: { sink: found.sink, wrongKind, ...(oldRunnerId !== undefined ? { oldRunnerId } : {}), ...(create ? { create } : {}) },
  };
}

/** The token's user may create this runner: an administrator for instance runners, a maintainer of the project for project runners. */
async function roleCheck(gitlab: GitlabClient, r: NewRunner, signal: AbortSignal): Promise<PreflightCheck> {
  if (r.runner_type === 'project_type') return projectRoleCheck(gitlab, r.project_id!, 'maintainer', msg('why.createProjectRunner'), signal);
  const user = (await gitlab.get<CurrentUser>('/user', { signal })).body;
  if (r.runner_type === 'instance_type') {
    return { name: 'administrator', ok: user.is_admin === true, detail: user.is_admin ? `${user.username} is an administrator` : `${user.username} is not an administrator: only administrators create instance runners (choose --runner-type project or group)` };
  }
  return { name: 'owner role', ok: true, detail: `GitLab checks on the call that ${user.username} has the Owner role in group ${r.group_id}` };
}

/** replace-pat-with-runner-token: config.toml, a Secret or env holds a PAT (or a registration token) where the runner's own token belongs. */
export const replacePatWithRunnerToken: FixDefinition<ReplaceData> = {
  id: 'replace-pat-with-runner-token',

  async plan({ findings, facts, target, choices }: { findings: readonly Finding[]; facts: Facts; target: TargetFilter; choices?: FixChoices }, ctx) {
    const plans: FixPlan<ReplaceData>[] = [];
    for (const found of await findTokenSinks(ctx, facts)) {
      if (!WRONG_KINDS.has(classifyToken(found.token).kind) || !sinkOfFindings(found, findings)) continue;
      const oldRunnerId = runnerIdOf(found, facts, undefined);
      if (!targetPicks(found, oldRunnerId, target)) continue;
      plans.push(await planFor(ctx, findings[0]!.id, found, oldRunnerId, choices?.newRunner));
    }
    return plans;
  },

  async replan(p, ctx) {
    const found = await rereadSink(ctx, p.data.sink);
    if (!found || !WRONG_KINDS.has(classifyToken(found.token).kind)) return undefined;
    const plan = await planFor(ctx, p.findingId, found, p.data.oldRunnerId, undefined);
    // The runner chosen for the first plan stays chosen.
    if (p.data.create && plan.data.create) plan.data.create = p.data.create;
    return plan;
  },

  async preflight(plan, ctx) {
    const d = plan.data;
    const store = storeOf(ctx);
    const checks: PreflightCheck[] = [
      store
        ? { name: 'token file', ok: true, detail: d.create ? `the new runner's token goes to ${store.label}${fileMode(store)} before any other step` : `the token in ${store.label} is used` }
        : { name: 'token file', ok: true, detail: 'none given yet: --apply needs --token-file FILE, where the new token is saved before any other step' },
    ];
    if (d.create) {
      if (!ctx.connections.gitlabTarget?.token) {
        checks.push({ name: 'GitLab token', ok: false, detail: 'creating a runner needs GITLAB_TOKEN with the create_runner (or api) scope; or create it in GitLab yourself and pass its token with --runner-token-file FILE' });
      } else {
        const gitlab = await ctx.connections.gitlab();
        checks.push(await scopeCheck(gitlab, ['api', 'create_runner'], ctx.signal));
        checks.push(await roleCheck(gitlab, d.create, ctx.signal).catch((err: unknown) => ({ name: 'role', ok: false, detail: errorMessage(err) })));
      }
    }
    checks.push(...(await sinkPreflight(ctx, d.sink, plan.fixId)));
    return { ok: checks.every((c) => c.ok), checks };
  },

  async apply(plan, ctx) {
    const d = plan.data;
    const store = storeOf(ctx);
    if (!store) throw new FixInputError('a new runner token must be saved before anything else: pass --token-file FILE');
    let token = store.saved();
    if (!token) {
      if (!d.create) throw new Error('the plan creates no runner and no token was given');
      // The last chance to stop before the runner is created: the object must still be as planned.
      await sinkCurrent(ctx, d.sink);
      const gitlab = await ctx.connections.gitlab();
      const created = (await gitlab.post<{ id?: number; token?: string; token_expires_at?: string | null }>('/user/runners', { body: { ...d.create }, signal: ctx.signal, retry: false, needs: { scopes: ['api', 'create_runner'] } })).body;
      if (!created.token || created.id === undefined) throw new Error('GitLab answered POST /user/runners without a runner id and token: check the runners list in GitLab and delete a runner created just now');
      try {
        await store.save(created.token);
      } catch (err) {
        throw new Error(`GitLab created runner ${created.id}, but its token could not be written to ${store.label}: ${errorMessage(err)}; delete runner ${created.id} in GitLab, make the file writable and run the fix again`);
      }
      token = created.token;
      d.createdRunnerId = created.id;
      d.expiresAt = created.token_expires_at ?? null;
      ctx.changed(`runner ${created.id} created in GitLab; its token (${tokenHint(token)}) saved to ${store.label}`);
    } else {
      ctx.changed(`using the token in ${store.label} (${tokenHint(token)}); no runner created`);
    }
    await writeSavedToken(ctx, d.sink, token, { ...(d.createdRunnerId !== undefined ? { runnerId: d.createdRunnerId } : {}), expiresAt: d.expiresAt ?? null }, store);
  },

  verify: (plan, ctx) => verifyTokenFix(ctx, plan.data.sink, plan.data.createdRunnerId),
};
