import type { Finding } from '../../../shared/findings';
import type { FixChoices, PreflightCheck } from '../../../shared/fixes';
import type { Facts } from '../diagnosis/facts';
import type { GitlabClient } from '../gitlab/client';
import type { CurrentUser } from '../gitlab/whoami';
import { classifyToken } from '../gitlab/tokens';
import { projectRoleCheck, scopeCheck } from './gitlab-access';
import { fileModeText, runnerIdOf, targetPicks, tokenHintText } from './runner-token-gitlab';
import { findTokenSinks, rereadSink, sinkCurrent, sinkId, sinkOfFindings, sinkPlanLines, sinkPreflight, sinkTarget, sinkWhere, verifyTokenFix, writeSavedToken } from './token-sink';
import type { FoundSink, TokenSink } from './token-sink-types';
import type { TokenStore } from './token-file';
import { FixInputError, FixStepError, type FixContext, type FixDefinition, type FixPlan, type TargetFilter } from './fix-definition';
import { check, english, errorSaid, failedCheck, msg } from './fix-text';
import type { Message } from '../../../shared/messages';
import { resumeText, storeText } from './token-store-text';

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
async function existingRunner(ctx: FixContext, id: number | undefined): Promise<{ old?: RunnerDetail; why?: Message }> {
  if (id === undefined) return { why: msg('fix.replacePat.noRunnerKnown') };
  if (!ctx.connections.gitlabTarget?.token) return { why: msg('fix.replacePat.notReadWithoutToken', { id }) };
  const gitlab = await ctx.connections.gitlab();
  try {
    return { old: (await gitlab.get<RunnerDetail>(`/runners/${id}`, { signal: ctx.signal })).body };
  } catch (err) {
    return { why: msg('fix.replacePat.runnerUnread', { id, error: errorSaid(err) }) };
  }
}

/** The new runner: the user's choices, else what GitLab shows of the runner being replaced, else the config's name. */
function newRunnerFrom(choices: FixChoices['newRunner'], { old, why }: { old?: RunnerDetail; why?: Message }, found: FoundSink): NewRunner {
  const c = choices ?? {};
  const projectId = c.projectId ?? (c.runnerType === undefined || c.runnerType === 'project_type' ? old?.projects?.[0]?.id : undefined);
  const groupId = c.groupId ?? (c.runnerType === undefined || c.runnerType === 'group_type' ? old?.groups?.[0]?.id : undefined);
  const type = c.runnerType ?? (c.projectId !== undefined ? 'project_type' : c.groupId !== undefined ? 'group_type' : old?.runner_type);
  if (!type) throw new FixInputError(msg('fix.replacePat.typeUnknown', { where: found.where, why: why ?? '' }));
  if (type === 'project_type' && projectId === undefined) throw new FixInputError(msg('fix.replacePat.needsProject'));
  if (type === 'group_type' && groupId === undefined) throw new FixInputError(msg('fix.replacePat.needsGroup'));
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

function describeRunner(r: NewRunner, old: number | undefined, copied: boolean): Message {
  const scope =
    r.runner_type === 'project_type' ? msg('replacePat.scope.project', { id: r.project_id }) : r.runner_type === 'group_type' ? msg('replacePat.scope.group', { id: r.group_id }) : msg('replacePat.scope.instance');
  return msg('replacePat.createRunner', {
    scope,
    description: r.description ?? '',
    tags: r.tag_list?.length ? msg('replacePat.tags', { tags: r.tag_list.join(', ') }) : msg('replacePat.noTags'),
    untagged: msg(r.run_untagged ? 'replacePat.yes' : 'replacePat.no'),
    copied: copied && old !== undefined ? msg('replacePat.copied', { old }) : '',
  });
}

async function planFor(ctx: FixContext, findingId: string, found: FoundSink, oldRunnerId: number | undefined, choices: FixChoices['newRunner']): Promise<FixPlan<ReplaceData>> {
  const store = storeOf(ctx);
  const saved = store?.saved();
  const file = storeText(store);
  const gitlabUrl = (ctx.connections.gitlabTarget?.url ?? '').replace(/\/$/, '');
  const wrongKind = classifyToken(found.token).kind as ReplaceData['wrongKind'];
  const existing = saved ? undefined : await existingRunner(ctx, oldRunnerId);
  const create = existing ? newRunnerFrom(choices, existing, found) : undefined;
  const sink = sinkTarget(found.sink);
  const lines = sinkPlanLines(found, { ...(create ? { runnerId: 0 } : {}) });
  const first = saved
    ? msg(store?.given ? 'replacePat.useGiven' : 'replacePat.useSaved', { file, hint: tokenHintText(saved) })
    : msg('replacePat.create', { runner: describeRunner(create!, oldRunnerId, !!existing?.old), file, mode: fileModeText(store) });
  const revoke =
    wrongKind === 'personal-access-token'
      ? msg('replacePat.note.revokePat', { hint: tokenHintText(found.token), where: found.whereText, url: gitlabUrl || 'GitLab' })
      : msg('replacePat.note.resetRegistration', { hint: tokenHintText(found.token), where: found.whereText });
  const changes = [first, ...lines.changes];
  const notes = [
    revoke,
    ...(oldRunnerId !== undefined && create ? [msg('replacePat.note.oldRunner', { old: oldRunnerId })] : []),
    msg('replacePat.note.saved', { file, resume: resumeText(store) }),
    msg('token.note.shown', { afterwards: store?.afterwards ?? msg('token.afterwardsCli') }),
    ...lines.notes,
  ];
  const kind = msg(wrongKind === 'personal-access-token' ? 'token.pat' : 'token.registration');
  const title = msg('plan.replacePat.title', { kind, where: found.whereText });
  const how = msg('plan.replacePat.rollback', { kind });
  return {
    planId: `replace-pat-with-runner-token:${sinkId(found.sink)}`,
    fixId: 'replace-pat-with-runner-token',
    findingId,
    title: english(title),
    target: { ...sink, ...(gitlabUrl ? { gitlabUrl } : {}), ...(oldRunnerId !== undefined ? { runnerId: oldRunnerId } : {}) },
    changes: changes.map(english),
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
    notes: notes.map(english),
    rollback: { possible: false, how: english(how) },
    messages: { title, changes, notes, rollbackHow: how, target: sinkWhere(found.sink) },
    typedConfirmation: found.sink.kind === 'ssh' ? found.sink.alias : found.sink.kind === 'secret' ? found.sink.secret : found.sink.name,
    data: { sink: found.sink, wrongKind, ...(oldRunnerId !== undefined ? { oldRunnerId } : {}), ...(create ? { create } : {}) },
  };
}

/** The token's user may create this runner: an administrator for instance runners, a maintainer of the project for project runners. */
async function roleCheck(gitlab: GitlabClient, r: NewRunner, signal: AbortSignal): Promise<PreflightCheck> {
  if (r.runner_type === 'project_type') return projectRoleCheck(gitlab, r.project_id!, 'maintainer', msg('why.createProjectRunner'), signal);
  const user = (await gitlab.get<CurrentUser>('/user', { signal })).body;
  if (r.runner_type === 'instance_type') {
    return check(msg('check.administrator'), user.is_admin === true, msg(user.is_admin ? 'check.role.admin' : 'check.notAdmin', { user: user.username }));
  }
  return check(msg('check.ownerRole'), true, msg('check.ownerRole.onCall', { user: user.username, group: r.group_id }));
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
    const file = storeText(store);
    const checks: PreflightCheck[] = [
      check(
        msg('check.tokenFile'),
        true,
        !store ? msg('check.tokenFile.none') : d.create ? msg('check.tokenFile.newRunner', { file, mode: fileModeText(store) }) : msg('check.tokenFile.used', { file }),
      ),
    ];
    if (d.create) {
      if (!ctx.connections.gitlabTarget?.token) {
        checks.push(check(msg('check.gitlabToken'), false, msg('check.gitlabToken.create')));
      } else {
        const gitlab = await ctx.connections.gitlab();
        checks.push(await scopeCheck(gitlab, ['api', 'create_runner'], ctx.signal));
        checks.push(await roleCheck(gitlab, d.create, ctx.signal).catch((err: unknown): PreflightCheck => failedCheck(msg('check.roleAny'), err)));
      }
    }
    checks.push(...(await sinkPreflight(ctx, d.sink, plan.fixId)));
    return { ok: checks.every((c) => c.ok), checks };
  },

  async apply(plan, ctx) {
    const d = plan.data;
    const store = storeOf(ctx);
    if (!store) throw new FixInputError(msg('fix.replacePat.needsTokenFile'));
    let token = store.saved();
    if (!token) {
      if (!d.create) throw new FixStepError(msg('fix.replacePat.nothingToUse'));
      // The last chance to stop before the runner is created: the object must still be as planned.
      await sinkCurrent(ctx, d.sink);
      const gitlab = await ctx.connections.gitlab();
      const created = (await gitlab.post<{ id?: number; token?: string; token_expires_at?: string | null }>('/user/runners', { body: { ...d.create }, signal: ctx.signal, retry: false, needs: { scopes: ['api', 'create_runner'] } })).body;
      if (!created.token || created.id === undefined) throw new FixStepError(msg('fix.replacePat.noAnswer'));
      try {
        await store.save(created.token);
      } catch (err) {
        throw new FixStepError(msg('fix.replacePat.notKept', { id: created.id, store: storeText(store), error: errorSaid(err) }));
      }
      token = created.token;
      d.createdRunnerId = created.id;
      d.expiresAt = created.token_expires_at ?? null;
      ctx.changed(msg('changed.runnerCreated', { id: created.id, hint: tokenHintText(token), file: storeText(store) }));
    } else {
      ctx.changed(msg('changed.usingGiven', { file: storeText(store), hint: tokenHintText(token) }));
    }
    await writeSavedToken(ctx, d.sink, token, { ...(d.createdRunnerId !== undefined ? { runnerId: d.createdRunnerId } : {}), expiresAt: d.expiresAt ?? null }, store);
  },

  verify: (plan, ctx) => verifyTokenFix(ctx, plan.data.sink, plan.data.createdRunnerId),
};
