import type { IncomingMessage } from 'node:http';
import type { LabJob, LabProject } from '../world';
import { forbidden, hasProjectRole, notFound, projectAccessLevel, runnerByToken } from './gitlab-auth';
import { READ_API, type GitlabContext } from './gitlab-context';
import { jobShape, projectShape } from './gitlab-shapes';
import { readBody, readParams, sendJson, type Router } from './http-router';

function jobToken(req: IncomingMessage, body: Record<string, unknown>): string | undefined {
  const header = req.headers['job-token'];
  return (Array.isArray(header) ? header[0] : header) ?? (typeof body.token === 'string' ? body.token : undefined);
}

/** Jobs API (lib/api/ci/jobs.rb), projects, and the runner-side job endpoints (lib/api/ci/runner.rb). */
export function jobRoutes(router: Router, ctx: GitlabContext): void {
  const projectOf = (key: string | undefined): LabProject | undefined => {
    const known = ctx.world.projects?.find((p) => String(p.id) === key || p.path_with_namespace === key);
    if (known) return known;
    const job = ctx.world.jobs.find((j) => String(j.projectId) === key || j.projectPath === key);
    return job
      ? {
          id: job.projectId,
          path_with_namespace: job.projectPath,
          name: job.projectPath.split('/').at(-1) ?? job.projectPath,
          build_timeout: 3600,
        }
      : undefined;
  };
  const jobIn = (project: LabProject, id: string | undefined): LabJob | undefined =>
    ctx.world.jobs.find((j) => j.id === Number(id) && j.projectId === project.id);
  const runnerOf = (job: LabJob) => ctx.world.runners.find((r) => r.id === job.runnerId);

  router
    .on('GET', '/api/v4/projects/:project', (req, res, p) => {
      const user = ctx.user(req, res, READ_API);
      if (!user) return;
      const project = projectOf(p.project);
      if (!project || !hasProjectRole(user, project.id, 'guest')) return notFound(res, 'Project');
      sendJson(res, 200, projectShape(project, ctx.base(), hasProjectRole(user, project.id, 'maintainer'), projectAccessLevel(user, project.id)));
    })
    .on('GET', '/api/v4/projects/:project/jobs/:job', (req, res, p) => {
      const user = ctx.user(req, res, READ_API);
      if (!user) return;
      const project = projectOf(p.project);
      if (!project || !hasProjectRole(user, project.id, 'guest')) return notFound(res, 'Project');
      if (!hasProjectRole(user, project.id, 'reporter')) return forbidden(res);
      const job = jobIn(project, p.job);
      if (!job) return notFound(res, 'Build');
      sendJson(res, 200, jobShape(job, ctx.base(), runnerOf(job)));
    })
    // The trace is plain text; a job without a log answers an empty body, as GitLab does.
    .on('GET', '/api/v4/projects/:project/jobs/:job/trace', (req, res, p) => {
      const user = ctx.user(req, res, READ_API);
      if (!user) return;
      const project = projectOf(p.project);
      if (!project || !hasProjectRole(user, project.id, 'guest')) return notFound(res, 'Project');
      const job = jobIn(project, p.job);
      if (!job) return notFound(res, 'Build');
      const body = Buffer.from(job.trace, 'utf8');
      res
        .writeHead(200, {
          'content-type': 'text/plain',
          'content-disposition': `infile; filename="${job.id}.log"`,
          'content-length': body.length,
        })
        .end(body);
    })
    .on('POST', '/api/v4/projects/:project/jobs/:job/cancel', async (req, res, p, url) => {
      const user = ctx.user(req, res, ['api']);
      if (!user) return;
      const params = await readParams(req);
      const project = projectOf(p.project);
      if (!project || !hasProjectRole(user, project.id, 'guest')) return notFound(res, 'Project');
      if (!hasProjectRole(user, project.id, 'developer')) return forbidden(res);
      const job = jobIn(project, p.job);
      if (!job) return notFound(res, 'Build');
      const force = url.searchParams.get('force') === 'true' || params.force === true || params.force === 'true';
      if (force) {
        if (!hasProjectRole(user, project.id, 'maintainer')) return forbidden(res);
        if (job.status === 'canceling') finish(job, 'canceled', ctx.now());
      } else if (job.status === 'running') {
        // Graceful cancel (17.x): the runner is asked to stop; a runner that lost the job never answers.
        job.status = 'canceling';
      } else if (job.status === 'created' || job.status === 'pending') {
        finish(job, 'canceled', ctx.now());
      }
      sendJson(res, 201, jobShape(job, ctx.base(), runnerOf(job)));
    })
    // Runner side: the final job update. An expired job token answers 403 while the job stays running.
    .on('PUT', '/api/v4/jobs/:job', async (req, res, p) => {
      const body = await readParams(req);
      const job = ctx.world.jobs.find((j) => j.id === Number(p.job));
      if (!job) return sendJson(res, 404, { message: '404 Not Found' });
      const token = jobToken(req, body);
      if (!token || token !== job.jobToken || !job.jobTokenValid) return forbidden(res);
      if (job.status !== 'running')
        return sendJson(res, 403, { message: '403 Forbidden - Job is not running' }, { 'job-status': job.status });
      if (typeof body.state === 'string' && ['success', 'failed'].includes(body.state))
        finish(job, body.state as 'success' | 'failed', ctx.now());
      sendJson(res, 200, {}, { 'job-status': job.status });
    })
    .on('PATCH', '/api/v4/jobs/:job/trace', async (req, res, p) => {
      const job = ctx.world.jobs.find((j) => j.id === Number(p.job));
      if (!job) return sendJson(res, 404, { message: '404 Not Found' });
      const token = jobToken(req, {});
      if (!token || token !== job.jobToken || !job.jobTokenValid) return forbidden(res);
      const range = req.headers['content-range'];
      if (!range) return sendJson(res, 400, { message: '400 Missing header Content-Range' });
      const start = Number(/^(\d+)-/.exec(String(range))?.[1] ?? NaN);
      const size = Buffer.byteLength(job.trace);
      if (start !== size) return sendJson(res, 416, { message: '416 Range Not Satisfiable' }, { range: `0-${size}` });
      job.trace += await readBody(req);
      res
        .writeHead(202, { 'job-status': job.status, range: `0-${Buffer.byteLength(job.trace)}`, 'x-gitlab-trace-update-interval': '60' })
        .end();
    })
    // Runner side: ask for a job. Nothing queued in the lab: 204, after checking the token (403).
    .on('POST', '/api/v4/jobs/request', async (req, res) => {
      const body = await readParams(req);
      const runner = runnerByToken(ctx.world, body.token, ctx.now());
      if (!runner) return forbidden(res);
      // GitLab derives the runner's status from its last contact: it is online now.
      runner.contacted_at = ctx.now().toISOString();
      runner.status = 'online';
      res.writeHead(204, { 'x-gitlab-last-update': String(Date.now()) }).end();
    });
}

function finish(job: LabJob, status: 'success' | 'failed' | 'canceled', now: Date): void {
  job.status = status;
  job.finishedAt = now.toISOString();
  job.jobTokenValid = false;
}
