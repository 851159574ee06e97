import type { LabRunner } from '../world';
import { forbidden } from './gitlab-auth';
import { newToken, READ_API, type GitlabContext } from './gitlab-context';
import { tokenSelfShape, userShape } from './gitlab-shapes';
import { readParams, sendJson, type Router } from './http-router';

function nextRunnerId(ctx: GitlabContext): number {
  return Math.max(0, ...ctx.world.runners.map((r) => r.id)) + 1;
}

function newRunner(
  ctx: GitlabContext,
  params: Record<string, unknown>,
  prefix: 'glrt-' | 'glrtr-',
  type: LabRunner['runner_type'],
): LabRunner {
  const tags =
    typeof params.tag_list === 'string'
      ? params.tag_list
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean)
      : Array.isArray(params.tag_list)
        ? params.tag_list.map(String)
        : [];
  const flag = (v: unknown) => (v === undefined ? undefined : v === true || v === 'true');
  const runUntagged = flag(params.run_untagged);
  const locked = flag(params.locked);
  const runner: LabRunner = {
    id: nextRunnerId(ctx),
    description: typeof params.description === 'string' ? params.description : '',
    token: newToken(prefix),
    tokenExpiresAt: null,
    runner_type: type,
    paused: params.paused === true || params.paused === 'true',
    tag_list: tags,
    ...(runUntagged !== undefined ? { run_untagged: runUntagged } : {}),
    ...(locked !== undefined ? { locked } : {}),
    ...(params.access_level === 'ref_protected' || params.access_level === 'not_protected' ? { access_level: params.access_level } : {}),
    ...(params.maximum_timeout !== undefined ? { maximum_timeout: Number(params.maximum_timeout) } : {}),
    ...(type === 'project_type' ? { projectIds: [Number(params.project_id)] } : {}),
    ...(type === 'group_type' ? { groupIds: [Number(params.group_id)] } : {}),
    contacted_at: null,
    status: 'never_contacted',
    managers: [],
    created_at: ctx.now().toISOString(),
  };
  ctx.world.runners.push(runner);
  return runner;
}

/** Instance, user and registration endpoints (lib/api/version.rb, personal_access_tokens, users, ci/runner.rb). */
export function userRoutes(router: Router, ctx: GitlabContext): void {
  router
    .on('GET', '/api/v4/version', (req, res) => {
      if (ctx.user(req, res, [...READ_API, 'read_user']))
        sendJson(res, 200, {
          version: ctx.world.version,
          revision: ctx.world.revision,
          kas: { enabled: false, externalUrl: null, version: null },
          enterprise: ctx.world.version.endsWith('-ee'),
        });
    })
    .on('GET', '/api/v4/personal_access_tokens/self', (req, res) => {
      const user = ctx.user(req, res);
      if (user) sendJson(res, 200, tokenSelfShape(user));
    })
    .on('GET', '/api/v4/user', (req, res) => {
      const user = ctx.user(req, res, [...READ_API, 'read_user']);
      if (user) sendJson(res, 200, userShape(user, ctx.base()));
    })
    .on('GET', '/api/v4/application/settings', (req, res) => {
      const user = ctx.user(req, res, READ_API);
      if (!user) return;
      if (!user.admin) return forbidden(res);
      sendJson(res, 200, {
        id: 1,
        default_projects_limit: 100000,
        signup_enabled: false,
        allow_runner_registration_token: ctx.world.allowRegistrationTokens ?? false,
        valid_runner_registrars: ['project', 'group'],
        runners_registration_token: ctx.world.registrationTokens?.[0] ?? null,
        akismet_api_key: 'akismet-lab-secret-key',
        max_artifacts_size: 100,
      });
    })
    // POST /user/runners (lib/api/users.rb): create a runner and get its glrt- token, shown once.
    // The token needs the create_runner (or api) scope: 403 insufficient_scope otherwise.
    .on('POST', '/api/v4/user/runners', async (req, res) => {
      const user = ctx.user(req, res, ['api', 'create_runner']);
      if (!user) return;
      const params = await readParams(req);
      const type = params.runner_type;
      if (type !== 'instance_type' && type !== 'group_type' && type !== 'project_type')
        return sendJson(res, 400, { error: type === undefined ? 'runner_type is missing' : 'runner_type does not have a valid value' });
      if (type === 'group_type' && params.group_id === undefined) return sendJson(res, 400, { error: 'group_id is missing' });
      if (type === 'project_type' && params.project_id === undefined) return sendJson(res, 400, { error: 'project_id is missing' });
      if (type === 'project_type' && !(ctx.world.projects ?? []).some((p) => p.id === Number(params.project_id))) return sendJson(res, 404, { message: '404 Project Not Found' });
      if (type === 'instance_type' && !user.admin) return forbidden(res);
      if (type === 'project_type' && !user.admin && !['maintainer', 'owner'].includes(user.projectRoles?.[Number(params.project_id)] ?? ''))
        return forbidden(res);
      const runner = newRunner(ctx, params, 'glrt-', type);
      user.runnerIds = [...(user.runnerIds ?? []), runner.id];
      sendJson(res, 201, { id: runner.id, token: runner.token, token_expires_at: runner.tokenExpiresAt });
    })
    // Legacy registration with a registration token: 410 Gone where registration tokens are disabled.
    .on('POST', '/api/v4/runners', async (req, res) => {
      const params = await readParams(req);
      if (typeof params.token !== 'string' || !params.token) return sendJson(res, 400, { error: 'token is missing' });
      if (!ctx.world.allowRegistrationTokens) return sendJson(res, 410, { message: '410 Gone - runner registration disallowed' });
      if (!(ctx.world.registrationTokens ?? []).includes(params.token)) return forbidden(res);
      const runner = newRunner(ctx, params, 'glrtr-', 'instance_type');
      sendJson(res, 201, { id: runner.id, token: runner.token, token_expires_at: runner.tokenExpiresAt });
    });
}
