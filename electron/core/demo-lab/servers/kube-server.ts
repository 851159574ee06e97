import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TlsMaterial } from '../tls';
import type { KubeObject, KubeWorld } from '../world';
import { sendJson } from './http-router';
import { matchesLabelSelector, resourceFor, status, type ResourceType } from './kube-resources';

export interface KubeServer {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

interface ParsedPath {
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
}

/** `/api/v1/namespaces/ns/pods/name/log` and `/apis/apps/v1/namespaces/ns/deployments` → parts. */
function parsePath(pathname: string): ParsedPath | undefined {
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
  if (!type) return undefined;
  return { type, ...(namespace ? { namespace } : {}), ...(rest[1] ? { name: rest[1] } : {}), ...(rest[2] ? { subresource: rest[2] } : {}) };
}

function authorized(world: KubeWorld, req: IncomingMessage): boolean {
  const auth = req.headers.authorization ?? '';
  return auth.startsWith('Bearer ') && world.tokens.includes(auth.slice(7));
}

function sendLog(world: KubeWorld, res: ServerResponse, obj: KubeObject, url: URL): void {
  const { name, namespace } = obj.metadata;
  const spec = obj.spec as { containers?: { name: string }[] } | undefined;
  const containers = (spec?.containers ?? []).map((c) => c.name);
  let container = url.searchParams.get('container');
  if (!container) {
    if (containers.length !== 1) {
      return sendJson(res, 400, status(400, 'BadRequest', `a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]`));
    }
    container = containers[0] as string;
  }
  if (!containers.includes(container)) {
    return sendJson(res, 400, status(400, 'BadRequest', `container ${container} is not valid for pod ${name}`));
  }
  const previous = url.searchParams.get('previous') === 'true';
  const key = `${namespace}/${name}/${container}${previous ? '/previous' : ''}`;
  const log = world.logs.get(key);
  if (log === undefined && previous) {
    return sendJson(res, 400, status(400, 'BadRequest', `previous terminated container "${container}" in pod "${name}" not found`));
  }
  let text = log ?? '';
  const tail = Number(url.searchParams.get('tailLines') ?? NaN);
  if (Number.isFinite(tail) && tail >= 0) {
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    text = lines.slice(Math.max(0, lines.length - tail)).join('\n') + (lines.length ? '\n' : '');
  }
  let body = Buffer.from(text);
  const limit = Number(url.searchParams.get('limitBytes') ?? NaN);
  if (Number.isFinite(limit) && limit > 0) body = body.subarray(0, limit);
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': body.length });
  res.end(body);
}

/**
 * A local Kubernetes API over HTTPS with bearer-token auth, serving a KubeWorld with the API
 * server's shapes: lists without per-item kind, Status bodies for errors, container logs.
 */
export async function startKubeServer(world: KubeWorld, tls: TlsMaterial): Promise<KubeServer> {
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    if (!authorized(world, req)) return sendJson(res, 401, status(401, 'Unauthorized', 'Unauthorized'));
    if (url.pathname === '/version') return sendJson(res, 200, { major: '1', minor: '30', gitVersion: 'v1.30.4', platform: 'linux/amd64' });
    const path = parsePath(url.pathname);
    if (!path) return sendJson(res, 404, status(404, 'NotFound', 'the server could not find the requested resource'));
    if (req.method !== 'GET') return sendJson(res, 405, status(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`));
    const { type, namespace, name, subresource } = path;
    const inScope = world.objects.filter(
      (o) => o.kind === type.kind && (!type.namespaced || !namespace || o.metadata.namespace === namespace),
    );
    if (!name) {
      const selector = url.searchParams.get('labelSelector');
      const items = inScope
        .filter((o) => matchesLabelSelector(o.metadata.labels as Record<string, string> | undefined, selector))
        .map(({ apiVersion: _a, kind: _k, ...rest }) => rest);
      return sendJson(res, 200, { kind: `${type.kind}List`, apiVersion: type.apiVersion, metadata: { resourceVersion: '1000' }, items });
    }
    const obj = inScope.find((o) => o.metadata.name === name);
    if (!obj) return sendJson(res, 404, status(404, 'NotFound', `${type.plural} "${name}" not found`, { name, kind: type.plural }));
    if (subresource === 'log' && type.kind === 'Pod') return sendLog(world, res, obj, url);
    if (subresource) return sendJson(res, 404, status(404, 'NotFound', 'the server could not find the requested resource'));
    sendJson(res, 200, obj);
  };
  const server = createServer({ cert: tls.certPem, key: tls.keyPem }, handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
