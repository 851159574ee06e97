import type { IncomingMessage } from 'node:http';
import type { KubeObject } from '../world';
import { readBody } from './http-router';
import { badRequest, groupOf, KubeStatusError, matchesFieldSelector, matchesLabelSelector, type ResourceType } from './kube-resources';
import { checkFieldSelector, SelectorError } from './kube-selectors';
import type { DeleteOptions, KubeStore } from './kube-store';
import { authorize, type KubeUser } from './kube-rbac';
import { toTable, wantsTable } from './kube-table';

export interface ResourceRequest {
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
}

/** The RBAC verb of a request, as the API server derives it. */
export function verbOf(method: string, r: ResourceRequest, url: URL): string {
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1') return 'watch';
      return r.name ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return r.name ? 'delete' : 'deletecollection';
    default:
      return method.toLowerCase();
  }
}

export function dryRunOf(url: URL): boolean {
  const values = url.searchParams.getAll('dryRun');
  for (const v of values) if (v !== 'All') throw badRequest(`Invalid dryRun value: ${v}; only "All" is supported`);
  return values.length > 0;
}

async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readBody(req);
  if (!text.trim()) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('expected an object');
    return parsed as Record<string, unknown>;
  } catch (err) {
    throw badRequest(`couldn't get version/kind; json parse error: ${err instanceof Error ? err.message : String(err)}`);
  }
}

interface ListOptions {
  labelSelector: string | null;
  fieldSelector: string | null;
  limit?: number;
  continueToken: string | null;
}

function listOptions(url: URL): ListOptions {
  const limit = Number(url.searchParams.get('limit') ?? NaN);
  return {
    labelSelector: url.searchParams.get('labelSelector'),
    fieldSelector: url.searchParams.get('fieldSelector'),
    ...(Number.isInteger(limit) && limit > 0 ? { limit } : {}),
    continueToken: url.searchParams.get('continue'),
  };
}

/** A list in the API's shape: no kind/apiVersion on items, `metadata.continue` for the next page. */
export function listResponse(store: KubeStore, r: ResourceRequest, url: URL, accept: string | undefined) {
  const opts = listOptions(url);
  let items: KubeObject[];
  try {
    checkFieldSelector(r.type.kind, opts.fieldSelector);
    items = store
      .list(r.type, r.namespace)
      .filter(
        (o) =>
          matchesLabelSelector(o.metadata.labels as Record<string, string> | undefined, opts.labelSelector) &&
          matchesFieldSelector(o, opts.fieldSelector),
      );
  } catch (err) {
    if (err instanceof SelectorError) throw badRequest(err.message);
    throw err;
  }
  const key = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  if (opts.continueToken) {
    let after: string;
    try {
      after = (JSON.parse(Buffer.from(opts.continueToken, 'base64url').toString()) as { after: string }).after;
    } catch {
      throw badRequest('continue key is not valid: illegal base64 data');
    }
    items = items.filter((o) => key(o) > after);
  }
  const meta: Record<string, unknown> = { resourceVersion: store.version() };
  if (opts.limit !== undefined && items.length > opts.limit) {
    const page = items.slice(0, opts.limit);
    meta.continue = Buffer.from(
      JSON.stringify({ v: 'meta.k8s.io/v1', rv: store.version(), after: key(page[page.length - 1] as KubeObject) }),
    ).toString('base64url');
    meta.remainingItemCount = items.length - page.length;
    items = page;
  }
  if (wantsTable(accept)) return toTable(r.type.kind, items, meta, url.searchParams.get('includeObject'));
  return {
    kind: `${r.type.kind}List`,
    apiVersion: r.type.apiVersion,
    metadata: meta,
    items: items.map(({ apiVersion: _a, kind: _k, ...rest }) => rest),
  };
}

/** POST /…/selfsubjectaccessreviews and /…/selfsubjectreviews: answered from the caller's RBAC rules. */
export async function review(req: IncomingMessage, r: ResourceRequest, user: KubeUser) {
  const body = await jsonBody(req);
  if (r.type.kind === 'SelfSubjectReview') {
    return {
      kind: 'SelfSubjectReview',
      apiVersion: r.type.apiVersion,
      metadata: { creationTimestamp: null },
      status: { userInfo: { username: user.username, groups: user.groups } },
    };
  }
  const spec = (body.spec ?? {}) as { resourceAttributes?: Record<string, string>; nonResourceAttributes?: Record<string, string> };
  const ra = spec.resourceAttributes;
  if (!ra && !spec.nonResourceAttributes) {
    throw new KubeStatusError(
      422,
      'Invalid',
      'SelfSubjectAccessReview.authorization.k8s.io "" is invalid: [spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified]',
    );
  }
  const decision = ra
    ? authorize(user, {
        verb: ra.verb ?? '',
        group: ra.group ?? '',
        resource: ra.resource ?? '',
        ...(ra.subresource ? { subresource: ra.subresource } : {}),
        ...(ra.namespace ? { namespace: ra.namespace } : {}),
        ...(ra.name ? { name: ra.name } : {}),
      })
    : { allowed: !user.rules, reason: '' };
  return {
    kind: 'SelfSubjectAccessReview',
    apiVersion: r.type.apiVersion,
    metadata: { creationTimestamp: null },
    spec,
    status: { allowed: decision.allowed, ...(decision.reason ? { reason: decision.reason } : {}) },
  };
}

/** Create/update/patch/delete on a stored resource; returns the HTTP status and body. */
export async function write(store: KubeStore, req: IncomingMessage, r: ResourceRequest, url: URL): Promise<[number, object]> {
  const dryRun = dryRunOf(url);
  const method = req.method ?? 'GET';
  if (r.subresource) throw new KubeStatusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  if (method === 'POST') {
    if (r.name) throw new KubeStatusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
    return [201, store.create(r.type, r.namespace, (await jsonBody(req)) as KubeObject, { dryRun })];
  }
  if (!r.name) throw new KubeStatusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  if (method === 'PUT') return [200, store.update(r.type, r.namespace, r.name, (await jsonBody(req)) as KubeObject, { dryRun })];
  if (method === 'PATCH')
    return [200, store.patch(r.type, r.namespace, r.name, req.headers['content-type'] ?? '', await readBody(req), { dryRun })];
  if (method === 'DELETE') {
    const body = (await jsonBody(req)) as {
      preconditions?: DeleteOptions['preconditions'];
      propagationPolicy?: DeleteOptions['propagationPolicy'];
      dryRun?: string[];
    };
    const propagation =
      body.propagationPolicy ?? (url.searchParams.get('propagationPolicy') as DeleteOptions['propagationPolicy'] | null) ?? undefined;
    const opts: DeleteOptions = {
      dryRun: dryRun || (body.dryRun ?? []).includes('All'),
      ...(body.preconditions ? { preconditions: body.preconditions } : {}),
      ...(propagation ? { propagationPolicy: propagation } : {}),
    };
    return [200, store.delete(r.type, r.namespace, r.name, opts)];
  }
  throw new KubeStatusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
}

export { groupOf };
