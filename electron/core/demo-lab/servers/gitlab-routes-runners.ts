import type { LabRunner } from '../world';
import { canManageRunner, canSeeRunner, forbidden, notFound, runnerByToken } from './gitlab-auth';
import { newToken, READ_API, type GitlabContext } from './gitlab-context';
import { paginate } from './gitlab-paginate';
import { jobBasicWithProject, managerShape, runnerDetail, runnerListItem } from './gitlab-shapes';
import { readParams, sendJson, type Router } from './http-router';

const STATUSES = ['online', 'offline', 'stale', 'never_contacted', 'active', 'paused'];

function filterRunners(runners: LabRunner[], url: URL): LabRunner[] | string {
  const status = url.searchParams.get('status');
  const type = url.searchParams.get('type');
  const paused = url.searchParams.get('paused');
  const tags = url.searchParams.get('tag_list')?.split(',').filter(Boolean);
  if (status && !STATUSES.includes(status)) return 'status does not have a valid value';
  return runners.filter(
    (r) =>
      (!status || (status === 'paused' ? r.paused : status === 'active' ? !r.paused : r.status === status)) &&
      (!type || r.runner_type === type) &&
      (paused === null || r.paused === (paused === 'true')) &&
      (!tags || tags.every((t) => r.tag_list.includes(t))),
  );
}

/** Rotates a runner's token: the old one stops working at once, as on GitLab. */
function rotate(runner: LabRunner): { token: string; token_expires_at: string | null } {
  runner.token = newToken(runner.token.startsWith('glrtr-') ? 'glrtr-' : 'glrt-');
  return { token: runner.token, token_expires_at: runner.tokenExpiresAt };
}

/** Runners API (lib/api/ci/runners.rb) and the runner-side token endpoints (lib/api/ci/runner.rb). */
export function runnerRoutes(router: Router, ctx: GitlabContext): void {
  const find = (id: string | undefined) => ctx.world.runners.find((r) => r.id === Number(id));
  router
    .on('GET', '/api/v4/runners/all', (req, res, _p, url) => {
      const user = ctx.user(req, res, READ_API);
      if (!user) return;
      if (!user.admin) return forbidden(res);
      const runners = filterRunners(ctx.world.runners, url);
      if (typeof runners === 'string') return sendJson(res, 400, { error: runners });
      paginate(res, ctx.publicUrl(url), runners.map(runnerListItem), ctx.countLimit);
    })
    .on('GET', '/api/v4/runners', (req, res, _p, url) => {
      const user = ctx.user(req, res, READ_API);
      if (!user) return;
      const runners = filterRunners(
        ctx.world.runners.filter((r) => (user.runnerIds ?? []).includes(r.id)),
        url,
      );
      if (typeof runners === 'string') return sendJson(res, 400, { error: runners });
      paginate(res, ctx.publicUrl(url), runners.map(runnerListItem), ctx.countLimit);
    })
    .on('GET', '/api/v4/runners/:id', (req, res, p) => {
      const user = ctx.user(req, res, READ_API);
      if (!user) return;
      const runner = find(p.id);
      if (!runner) return notFound(res, 'Runner');
      if (!canSeeRunner(user, runner)) return forbidden(res, 'No access granted');
      sendJson(res, 200, runnerDetail(runner, ctx.world.jobs, ctx.world.projects));
    })
    .on('GET', '/api/v4/runners/:id/managers', (req, res, p, url) => {
      const user = ctx.user(req, res, READ_API);
      if (!user) return;
      const runner = find(p.id);
      if (!runner) return notFound(res, 'Runner');
      if (!canSeeRunner(user, runner)) return forbidden(res, 'No access granted');
      paginate(
        res,
        ctx.publicUrl(url),
        runner.managers.map((m) => managerShape(m, runner.id, ctx.world.jobs)),
      );
    })
    .on('GET', '/api/v4/runners/:id/jobs', (req, res, p, url) => {
      const user = ctx.user(req, res, READ_API);
      if (!user) return;
      const runner = find(p.id);
      if (!runner) return notFound(res, 'Runner');
      if (!canSeeRunner(user, runner)) return forbidden(res, 'No access granted');
      const status = url.searchParams.get('status');
      const jobs = ctx.world.jobs.filter((j) => j.runnerId === runner.id && (!status || j.status === status)).sort((a, b) => b.id - a.id);
      paginate(
        res,
        ctx.publicUrl(url),
        jobs.map((j) => jobBasicWithProject(j, ctx.base())),
      );
    })
    .on('POST', '/api/v4/runners/:id/reset_authentication_token', (req, res, p) => {
      const user = ctx.user(req, res, ['api', 'manage_runner']);
      if (!user) return;
      const runner = find(p.id);
      if (!runner) return notFound(res, 'Runner');
      if (!canManageRunner(user, runner)) return forbidden(res, 'No access granted');
      if (runner.tokenRotationDeadlinePassed) return forbidden(res, 'Token rotation deadline has passed');
      sendJson(res, 201, rotate(runner));
    })
    // Runner side: what `gitlab-runner verify` calls. The token travels in the body. Like
    // GitLab's authenticate_runner!, it heartbeats the runner and ensures a runner manager for
    // the system_id sent, or `<legacy>` without one (FIELD-NOTES §10).
    .on('POST', '/api/v4/runners/verify', async (req, res) => {
      const params = await readParams(req);
      if (typeof params.token !== 'string' || !params.token) return sendJson(res, 400, { error: 'token is missing' });
      const runner = runnerByToken(ctx.world, params.token, ctx.now());
      if (!runner) return forbidden(res);
      const now = ctx.now().toISOString();
      const systemId = typeof params.system_id === 'string' && params.system_id ? params.system_id : '<legacy>';
      let manager = runner.managers.find((m) => m.system_id === systemId);
      if (!manager) {
        manager = {
          id: Math.max(100, ...ctx.world.runners.flatMap((r) => r.managers.map((m) => m.id))) + 1,
          system_id: systemId,
          version: '',
          revision: '',
          platform: '',
          architecture: '',
          ip_address: '127.0.0.1',
          created_at: now,
          contacted_at: null,
          status: 'never_contacted',
        };
        runner.managers.push(manager);
      }
      manager.contacted_at = now;
      manager.status = 'online';
      runner.contacted_at = now;
      runner.status = 'online';
      sendJson(res, 200, { id: runner.id, token: runner.token, token_expires_at: runner.tokenExpiresAt });
    })
    .on('POST', '/api/v4/runners/reset_authentication_token', async (req, res) => {
      const params = await readParams(req);
      if (typeof params.token !== 'string' || !params.token) return sendJson(res, 400, { error: 'token is missing' });
      const runner = runnerByToken(ctx.world, params.token, ctx.now());
      if (!runner) return forbidden(res);
      sendJson(res, 201, rotate(runner));
    });
}
