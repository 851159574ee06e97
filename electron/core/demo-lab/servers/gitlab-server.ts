import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TlsMaterial } from '../tls';
import type { GitlabWorld, LabUser } from '../world';
import { readParams, Router, sendJson } from './http-router';
import { jobShape, runnerDetail, runnerListItem } from './gitlab-shapes';

export interface GitlabServer {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

const UNAUTHORIZED = { message: '401 Unauthorized' };

function userOf(world: GitlabWorld, req: IncomingMessage): LabUser | undefined {
  const header = req.headers['private-token'] ?? req.headers.authorization?.replace(/^Bearer\s+/i, '');
  const token = Array.isArray(header) ? header[0] : header;
  return token ? world.users.find((u) => u.token === token) : undefined;
}

/** Pages a list the way GitLab does: page/per_page (max 100) with x-next-page and Link headers. */
function paginate<T>(res: ServerResponse, url: URL, items: T[]): void {
  const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 20) || 20));
  const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
  const totalPages = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const headers: Record<string, string> = {
    'x-page': String(page),
    'x-per-page': String(perPage),
    'x-total': String(items.length),
    'x-total-pages': String(totalPages),
    'x-next-page': page < totalPages ? String(page + 1) : '',
    'x-prev-page': page > 1 ? String(page - 1) : '',
  };
  const link = (p: number, rel: string) => {
    const u = new URL(url);
    u.searchParams.set('page', String(p));
    u.searchParams.set('per_page', String(perPage));
    return `<${u.toString()}>; rel="${rel}"`;
  };
  const links = [page < totalPages ? link(page + 1, 'next') : '', page > 1 ? link(page - 1, 'prev') : '', link(1, 'first'), link(totalPages, 'last')];
  headers.link = links.filter(Boolean).join(', ');
  sendJson(res, 200, slice, headers);
}

/**
 * A local GitLab REST API over HTTPS, faithful to the documented shapes and status codes,
 * serving a LabWorld. Used by the demo lab and by integration tests.
 */
export async function startGitlabServer(world: GitlabWorld, tls: TlsMaterial): Promise<GitlabServer> {
  const router = new Router();
  let base = '';
  const requireUser = (req: IncomingMessage, res: ServerResponse): LabUser | undefined => {
    const user = userOf(world, req);
    if (!user) sendJson(res, 401, UNAUTHORIZED);
    return user;
  };
  const runnerById = (id: string) => world.runners.find((r) => r.id === Number(id));

  router
    .on('GET', '/api/v4/version', (req, res) => {
      if (requireUser(req, res)) sendJson(res, 200, { version: world.version, revision: world.revision, kas: { enabled: false }, enterprise: world.version.endsWith('-ee') });
    })
    .on('GET', '/api/v4/personal_access_tokens/self', (req, res) => {
      const user = requireUser(req, res);
      if (user) sendJson(res, 200, { id: 1, name: `${user.username}-token`, revoked: false, created_at: '2026-01-01T00:00:00.000Z', scopes: user.scopes, user_id: 1, active: true, expires_at: user.expiresAt });
    })
    .on('GET', '/api/v4/runners/all', (req, res, _p, url) => {
      const user = requireUser(req, res);
      if (!user) return;
      if (!user.admin) return sendJson(res, 403, { message: '403 Forbidden' });
      const status = url.searchParams.get('status');
      paginate(res, url, world.runners.filter((r) => !status || r.status === status).map(runnerListItem));
    })
    .on('GET', '/api/v4/runners', (req, res, _p, url) => {
      if (requireUser(req, res)) paginate(res, url, world.runners.map(runnerListItem));
    })
    .on('GET', '/api/v4/runners/:id', (req, res, p) => {
      if (!requireUser(req, res)) return;
      const runner = runnerById(p.id ?? '');
      if (!runner) return sendJson(res, 404, { message: '404 Runner Not Found' });
      sendJson(res, 200, runnerDetail(runner, world.jobs));
    })
    .on('GET', '/api/v4/runners/:id/jobs', (req, res, p, url) => {
      if (!requireUser(req, res)) return;
      const runner = runnerById(p.id ?? '');
      if (!runner) return sendJson(res, 404, { message: '404 Runner Not Found' });
      const status = url.searchParams.get('status');
      const jobs = world.jobs.filter((j) => j.runnerId === runner.id && (!status || j.status === status));
      paginate(res, url, jobs.map((j) => jobShape(j, base, runner)));
    })
    .on('GET', '/api/v4/projects/:project/jobs/:job', (req, res, p) => {
      if (!requireUser(req, res)) return;
      const job = world.jobs.find((j) => j.id === Number(p.job) && (String(j.projectId) === p.project || j.projectPath === p.project));
      if (!job) return sendJson(res, 404, { message: '404 Job Not Found' });
      sendJson(res, 200, jobShape(job, base, world.runners.find((r) => r.id === job.runnerId)));
    })
    // Runner side: the final job update. An expired job token answers 403, as in seed 000.
    .on('PUT', '/api/v4/jobs/:job', async (req, res, p) => {
      const body = await readParams(req);
      const token = (req.headers['job-token'] as string | undefined) ?? (body.token as string | undefined);
      const job = world.jobs.find((j) => j.id === Number(p.job));
      if (!job) return sendJson(res, 404, { message: '404 Not Found' });
      if (!token || token !== job.jobToken || !job.jobTokenValid) return sendJson(res, 403, { message: '403 Forbidden' });
      if (typeof body.state === 'string' && ['success', 'failed'].includes(body.state)) {
        job.status = body.state as 'success' | 'failed';
        job.finishedAt = new Date().toISOString();
      }
      sendJson(res, 200, {});
    });

  const server = createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
    const url = new URL(req.url ?? '/', base);
    router
      .handle(req, res, url)
      .then((hit) => {
        if (!hit) sendJson(res, 404, { error: '404 Not Found' });
      })
      .catch((err: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { message: `500 Internal Server Error: ${err instanceof Error ? err.message : String(err)}` });
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  base = `https://127.0.0.1:${port}`;
  return {
    url: base,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
