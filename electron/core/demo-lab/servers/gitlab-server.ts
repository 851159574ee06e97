import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TlsMaterial } from '../tls';
import type { GitlabWorld } from '../world';
import { createContext } from './gitlab-context';
import { applyFault, createGitlabFaults, type GitlabFaults } from './gitlab-faults';
import { jobRoutes } from './gitlab-routes-jobs';
import { runnerRoutes } from './gitlab-routes-runners';
import { userRoutes } from './gitlab-routes-user';
import { Router, sendJson } from './http-router';

export interface GitlabServerOptions {
  /** Serve below a sub-path, like a GitLab installed at https://host/gitlab. */
  pathPrefix?: string;
  /** Lists above this many records drop their totals (GitLab: 10,000). */
  countLimit?: number;
  now?: () => Date;
}

/** One request as the server saw it; no headers or bodies, so no tokens. */
export interface GitlabRequestRecord {
  method: string;
  path: string;
  at: number;
}

export interface GitlabServer {
  /** Instance URL (with the sub-path when one is set). */
  url: string;
  port: number;
  server: Server;
  /** Fault switches: latency, dropped connections, 5xx bursts, rate limiting. */
  faults: GitlabFaults;
  /** Requests received, oldest first. */
  requests: GitlabRequestRecord[];
  close(): Promise<void>;
}

/**
 * A local GitLab REST API over HTTPS, faithful to the documented shapes and status codes,
 * serving a LabWorld: users and PAT scopes, runners and their managers, jobs, token rotation
 * (the old token dies at once), legacy registration (410), runner-side job endpoints, and
 * pagination. Used by the demo lab and by integration tests.
 */
export async function startGitlabServer(world: GitlabWorld, tls: TlsMaterial, opts: GitlabServerOptions = {}): Promise<GitlabServer> {
  const prefix = (opts.pathPrefix ?? '').replace(/\/+$/, '').replace(/^(?=[^/])/, '/');
  let origin = '';
  const ctx = createContext(world, () => `${origin}${prefix}`, {
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.countLimit ? { countLimit: opts.countLimit } : {}),
  });
  const router = new Router();
  userRoutes(router, ctx);
  runnerRoutes(router, ctx);
  jobRoutes(router, ctx);
  const faults = createGitlabFaults();
  const requests: GitlabRequestRecord[] = [];

  const server = createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
    const full = new URL(req.url ?? '/', origin);
    if (prefix && !full.pathname.startsWith(`${prefix}/`)) return sendJson(res, 404, { error: '404 Not Found' });
    const url = new URL(full);
    url.pathname = full.pathname.slice(prefix.length);
    requests.push({ method: req.method ?? 'GET', path: url.pathname, at: Date.now() });
    const serve = () => {
      if (res.destroyed) return;
      if (applyFault(faults, url.pathname, res) !== 'none') return;
      router
        .handle(req, res, url)
        .then((hit) => {
          if (!hit) sendJson(res, 404, { error: '404 Not Found' });
        })
        .catch((err: unknown) => {
          if (!res.headersSent)
            sendJson(res, 500, { message: `500 Internal Server Error: ${err instanceof Error ? err.message : String(err)}` });
        });
    };
    if (faults.latencyMs > 0 && (!faults.match || faults.match.test(url.pathname))) setTimeout(serve, faults.latencyMs);
    else serve();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `https://127.0.0.1:${port}`;
  return {
    url: `${origin}${prefix}`,
    port,
    server,
    faults,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
