import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TlsMaterial } from '../tls';
import type { KubeWorld } from '../world';
import { sendJson } from './http-router';
import { discovery, LAB_VERSION } from './kube-discovery';
import { dryRunOf, listResponse, review, verbOf, write, type ResourceRequest } from './kube-handlers';
import { logChunks, planLog, writeLog, type LogFaults } from './kube-logs';
import { groupOf, KubeStatusError, resourceFor, status } from './kube-resources';
import { authenticate, forbidden, authorize } from './kube-rbac';
import { KubeStore } from './kube-store';
import { toTable, wantsTable } from './kube-table';

/** Switches tests and the benchmark flip while the server runs. */
export interface KubeFaults extends LogFaults {
  /** Delay before every answer. */
  latencyMs: number;
  /** Requests answered with an error instead: matched against `METHOD /path?query`. */
  failRequests: { match: RegExp; code: number; message: string }[];
}

export interface KubeServer {
  url: string;
  port: number;
  server: Server;
  store: KubeStore;
  faults: KubeFaults;
  /** Requests served so far, by `METHOD path` (no query); for tests of what clients ask. */
  requestLog: string[];
  /** Log streams being answered now, and the most at once, to check clients bound their concurrency. */
  logStreams: { active: number; peak: number };
  /** Appends log text to a running container; followers (`follow=true`) receive it at once. */
  appendLog(key: string, text: string): void;
  close(): Promise<void>;
}

/** `/api/v1/namespaces/ns/pods/name/log` and `/apis/apps/v1/namespaces/ns/deployments` → parts. */
function parsePath(pathname: string): ResourceRequest | undefined {
  const segs = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  let apiVersion: string;
  let rest: string[];
  if (segs[0] === 'api' && segs[1]) [apiVersion, rest] = [segs[1], segs.slice(2)];
  else if (segs[0] === 'apis' && segs[1] && segs[2]) [apiVersion, rest] = [`${segs[1]}/${segs[2]}`, segs.slice(3)];
  else return undefined;
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const type = rest[0] ? resourceFor(apiVersion, rest[0]) : undefined;
  if (!type || rest.length > 3) return undefined;
  return { type, ...(namespace ? { namespace } : {}), ...(rest[1] ? { name: rest[1] } : {}), ...(rest[2] ? { subresource: rest[2] } : {}) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A local Kubernetes API over HTTPS with bearer-token auth and RBAC, serving a KubeWorld with
 * the API server's shapes and rules: discovery, lists with selectors and paging, server-side
 * tables for kubectl, writes with dry run, patches and optimistic concurrency, quota admission,
 * Status bodies for errors, and container logs with the kubelet's options.
 */
export async function startKubeServer(
  world: KubeWorld,
  tls: TlsMaterial,
  opts: { faults?: Partial<KubeFaults> } = {},
): Promise<KubeServer> {
  const store = new KubeStore(world);
  const faults: KubeFaults = {
    latencyMs: 0,
    logLatencyMs: 0,
    dropLogStreamsAfterBytes: null,
    dropLogPods: null,
    failRequests: [],
    ...opts.faults,
  };
  const followers = new Map<string, Set<ServerResponse>>();
  const requestLog: string[] = [];
  const logStreams = { active: 0, peak: 0 };
  let address = '';

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const method = req.method ?? 'GET';
    requestLog.push(`${method} ${url.pathname}`);
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    const failure = faults.failRequests.find((f) => f.match.test(`${method} ${url.pathname}${url.search}`));
    if (failure)
      return sendJson(res, failure.code, status(failure.code, failure.code >= 500 ? 'InternalError' : 'BadRequest', failure.message));
    if (['/version', '/healthz', '/livez', '/readyz'].includes(url.pathname) && method === 'GET') {
      // Anonymous callers may read these; a credential that is sent is checked first, as the API server does.
      if (req.headers.authorization && !authenticate(world, req.headers.authorization))
        return sendJson(res, 401, status(401, 'Unauthorized', 'Unauthorized'));
      if (url.pathname === '/version') return sendJson(res, 200, LAB_VERSION);
      res.writeHead(200, { 'content-type': 'text/plain' });
      return void res.end('ok');
    }
    const user = authenticate(world, req.headers.authorization);
    if (!user) return sendJson(res, 401, status(401, 'Unauthorized', 'Unauthorized'));
    store.sync();
    const doc = method === 'GET' ? discovery(url.pathname, address) : undefined;
    if (doc) return sendJson(res, 200, doc);
    const r = parsePath(url.pathname);
    if (!r) return sendJson(res, 404, status(404, 'NotFound', 'the server could not find the requested resource'));
    const verb = verbOf(method, r, url);
    const attrs = {
      verb,
      group: groupOf(r.type),
      resource: r.type.plural,
      ...(r.subresource ? { subresource: r.subresource } : {}),
      ...(r.type.namespaced && r.namespace ? { namespace: r.namespace } : {}),
      ...(r.type.plural === 'namespaces' && r.name ? { namespace: r.name } : {}),
      ...(r.name ? { name: r.name } : {}),
    };
    if (r.type.virtual) {
      if (method !== 'POST')
        throw new KubeStatusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
      dryRunOf(url);
      return sendJson(res, 201, await review(req, r, user));
    }
    if (!authorize(user, attrs).allowed) throw forbidden(user, attrs);
    if (verb === 'watch') return holdWatch(res, url);
    if (method === 'GET' && !r.name) return sendJson(res, 200, listResponse(store, r, url, req.headers.accept));
    if (method === 'GET' && r.subresource === 'log' && r.type.kind === 'Pod' && r.name) return serveLog(req, res, r.namespace, r.name, url);
    if (method === 'GET' && r.name) {
      if (r.subresource && r.subresource !== 'status')
        throw new KubeStatusError(404, 'NotFound', 'the server could not find the requested resource');
      const obj = store.get(r.type, r.namespace, r.name);
      if (wantsTable(req.headers.accept))
        return sendJson(res, 200, toTable(r.type.kind, [obj], { resourceVersion: store.version() }, url.searchParams.get('includeObject')));
      return sendJson(res, 200, obj);
    }
    const [code, body] = await write(store, req, r, url);
    sendJson(res, code, body);
  };

  const serveLog = async (
    req: IncomingMessage,
    res: ServerResponse,
    namespace: string | undefined,
    name: string,
    url: URL,
  ): Promise<void> => {
    const pod = store.get(resourceFor('v1', 'pods')!, namespace, name);
    const plan = planLog(pod, url, (key) => world.logs.has(key));
    logStreams.peak = Math.max(logStreams.peak, ++logStreams.active);
    let outcome: Awaited<ReturnType<typeof writeLog>>;
    try {
      if (faults.logLatencyMs > 0) await sleep(faults.logLatencyMs);
      const drop =
        faults.dropLogStreamsAfterBytes !== null && (!faults.dropLogPods || faults.dropLogPods.test(name))
          ? faults.dropLogStreamsAfterBytes
          : null;
      outcome = await writeLog(req, res, logChunks(world.logs.get(plan.key), plan), plan, drop);
    } finally {
      logStreams.active--;
    }
    if (outcome !== 'open') return;
    const set = followers.get(plan.key) ?? new Set();
    set.add(res);
    followers.set(plan.key, set);
    res.on('close', () => set.delete(res));
  };

  const holdWatch = (res: ServerResponse, url: URL): void => {
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    const timeout = Number(url.searchParams.get('timeoutSeconds') ?? 30);
    const timer = setTimeout(() => res.end(), Math.max(1, timeout) * 1000);
    res.on('close', () => clearTimeout(timer));
  };

  const server = createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof KubeStatusError) return sendJson(res, err.code, err.body());
      sendJson(res, 500, status(500, 'InternalError', `Internal error occurred: ${err instanceof Error ? err.message : String(err)}`));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  address = `127.0.0.1:${port}`;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    server,
    store,
    faults,
    requestLog,
    logStreams,
    appendLog(key, text) {
      const current = world.logs.get(key);
      world.logs.set(key, (typeof current === 'string' ? current : '') + text);
      for (const res of followers.get(key) ?? []) res.write(text.replace(/^(\d{4}-\d\d-\d\dT\S+) /gm, ''));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const set of followers.values()) for (const res of set) res.end();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
