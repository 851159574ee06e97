import { randomUUID } from 'node:crypto';
import type { KubeObject, KubeWorld } from '../world';
import { badRequest, conflict, KubeStatusError, notFound, resourceByKind, type ResourceType } from './kube-resources';
import { applyPatch } from './kube-patch';
import { admitCreate, withQuotaStatus } from './kube-quota';
import { rollOut } from './kube-rollout';

export interface WriteOptions {
  /** `dryRun=All`: run every check and admission, store nothing. */
  dryRun: boolean;
}

export interface DeleteOptions extends WriteOptions {
  preconditions?: { uid?: string; resourceVersion?: string };
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
}

type Meta = KubeObject['metadata'] & {
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  generateName?: string;
  generation?: number;
  ownerReferences?: { uid: string }[];
};

const NAME_CHARS = 'bcdfghjklmnpqrstvwxz2456789';
const meta = (o: KubeObject) => o.metadata as Meta;

/**
 * The lab API's object storage over `world.objects`, with the API server's bookkeeping:
 * uid, a cluster-wide resourceVersion, creationTimestamp, optimistic concurrency, quota
 * admission, dry runs and garbage collection of dependents.
 */
export class KubeStore {
  private rv = 1000;

  constructor(private readonly world: KubeWorld) {}

  /** Fills in bookkeeping for objects scenarios pushed without it; cheap, run per request. */
  sync(): void {
    for (const o of this.world.objects) {
      const m = meta(o);
      const numeric = Number(m.resourceVersion);
      if (Number.isFinite(numeric) && numeric > this.rv) this.rv = numeric;
    }
    for (const o of this.world.objects) {
      const m = meta(o);
      m.uid ??= randomUUID();
      m.resourceVersion ??= String(++this.rv);
      m.creationTimestamp ??= new Date().toISOString();
    }
  }

  version(): string {
    return String(this.rv);
  }

  private key(o: KubeObject): string {
    return `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  }

  list(type: ResourceType, namespace?: string): KubeObject[] {
    return this.world.objects
      .filter((o) => o.kind === type.kind && (!type.namespaced || !namespace || o.metadata.namespace === namespace))
      .sort((a, b) => this.key(a).localeCompare(this.key(b)))
      .map((o) => this.present(o));
  }

  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const found = this.find(type, namespace, name);
    if (!found) throw notFound(type, name);
    return this.present(found);
  }

  /** What the API returns for an object: a copy, with live quota status. */
  private present(o: KubeObject): KubeObject {
    const copy = structuredClone(o);
    return o.kind === 'ResourceQuota' ? withQuotaStatus(copy, this.world.objects) : copy;
  }

  private find(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.world.objects.find(
      (o) => o.kind === type.kind && o.metadata.name === name && (!type.namespaced || o.metadata.namespace === namespace),
    );
  }

  private requireNamespace(namespace: string | undefined): void {
    if (!namespace) return;
    if (!this.world.objects.some((o) => o.kind === 'Namespace' && o.metadata.name === namespace)) {
      throw new KubeStatusError(404, 'NotFound', `namespaces "${namespace}" not found`, { name: namespace, kind: 'namespaces' });
    }
  }

  create(type: ResourceType, namespace: string | undefined, body: KubeObject, opts: WriteOptions): KubeObject {
    if (body.kind && body.kind !== type.kind)
      throw badRequest(`the API version in the data (${body.apiVersion}) does not match the expected API version (${type.apiVersion})`);
    const obj = structuredClone({
      ...body,
      apiVersion: type.apiVersion,
      kind: type.kind,
      metadata: { ...(body.metadata ?? {}) },
    }) as KubeObject;
    const m = meta(obj);
    if (type.namespaced) {
      if (m.namespace && namespace && m.namespace !== namespace)
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      m.namespace = namespace ?? m.namespace ?? 'default';
      this.requireNamespace(m.namespace);
    }
    if (!m.name && m.generateName)
      m.name = m.generateName + Array.from({ length: 5 }, () => NAME_CHARS[Math.floor(Math.random() * NAME_CHARS.length)]).join('');
    if (!m.name)
      throw new KubeStatusError(
        422,
        'Invalid',
        `${type.kind} "" is invalid: metadata.name: Required value: name or generateName is required`,
      );
    if (this.find(type, m.namespace, m.name)) {
      throw new KubeStatusError(409, 'AlreadyExists', `${type.plural} "${m.name}" already exists`, { name: m.name, kind: type.plural });
    }
    if (obj.kind === 'Secret') foldStringData(obj);
    if (obj.kind === 'Namespace') obj.status = { phase: 'Active' };
    admitCreate(obj, this.world.objects);
    m.uid = randomUUID();
    m.creationTimestamp = new Date().toISOString();
    if (obj.kind === 'Deployment') m.generation = 1;
    if (opts.dryRun) return this.present(obj);
    m.resourceVersion = String(++this.rv);
    this.world.objects.push(obj);
    // As the Deployment and ReplicaSet controllers would: a new Deployment starts its pods.
    if (obj.kind === 'Deployment') rollOut(this.world, obj);
    return this.present(obj);
  }

  update(type: ResourceType, namespace: string | undefined, name: string, body: KubeObject, opts: WriteOptions): KubeObject {
    const current = this.find(type, namespace, name);
    if (!current) throw notFound(type, name);
    if (body.metadata?.name && body.metadata.name !== name)
      throw badRequest(`the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`);
    return this.replace(type, current, structuredClone(body), opts);
  }

  patch(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    contentType: string,
    body: string,
    opts: WriteOptions,
  ): KubeObject {
    const current = this.find(type, namespace, name);
    if (!current) throw notFound(type, name);
    const patched = applyPatch(contentType, structuredClone(current), body) as KubeObject;
    return this.replace(type, current, patched, opts);
  }

  private replace(type: ResourceType, current: KubeObject, next: KubeObject, opts: WriteOptions): KubeObject {
    const cur = meta(current);
    const nm = (next.metadata ?? {}) as Meta;
    if (nm.resourceVersion !== undefined && nm.resourceVersion !== cur.resourceVersion) {
      throw conflict(type, cur.name, 'the object has been modified; please apply your changes to the latest version and try again');
    }
    if (nm.uid !== undefined && nm.uid !== cur.uid)
      throw conflict(type, cur.name, `Precondition failed: UID in precondition: ${nm.uid}, UID in object meta: ${cur.uid}`);
    if (nm.name !== undefined && nm.name !== cur.name)
      throw new KubeStatusError(
        422,
        'Invalid',
        `${type.kind} "${cur.name}" is invalid: metadata.name: Invalid value: "${nm.name}": field is immutable`,
      );
    const obj = { ...next, apiVersion: type.apiVersion, kind: type.kind } as KubeObject;
    obj.metadata = {
      ...nm,
      name: cur.name,
      ...(cur.namespace ? { namespace: cur.namespace } : {}),
      uid: cur.uid,
      creationTimestamp: cur.creationTimestamp,
    };
    if (obj.kind === 'Secret') foldStringData(obj);
    if (obj.kind === 'Deployment') {
      const changed = JSON.stringify(obj.spec) !== JSON.stringify(current.spec);
      meta(obj).generation = (cur.generation ?? 1) + (changed ? 1 : 0);
    }
    if (opts.dryRun) {
      meta(obj).resourceVersion = cur.resourceVersion;
      return this.present(obj);
    }
    const unchanged =
      JSON.stringify({ ...obj, metadata: { ...obj.metadata, resourceVersion: undefined } }) ===
      JSON.stringify({ ...current, metadata: { ...current.metadata, resourceVersion: undefined } });
    meta(obj).resourceVersion = unchanged ? cur.resourceVersion : String(++this.rv);
    this.world.objects[this.world.objects.indexOf(current)] = obj;
    const templateChanged = JSON.stringify((obj.spec as { template?: unknown } | undefined)?.template) !== JSON.stringify((current.spec as { template?: unknown } | undefined)?.template);
    if (obj.kind === 'Deployment' && templateChanged) rollOut(this.world, obj);
    return this.present(obj);
  }

  delete(type: ResourceType, namespace: string | undefined, name: string, opts: DeleteOptions): KubeObject {
    const current = this.find(type, namespace, name);
    if (!current) throw notFound(type, name);
    const m = meta(current);
    const pre = opts.preconditions;
    if (pre?.uid !== undefined && pre.uid !== m.uid)
      throw conflict(type, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${m.uid}`);
    if (pre?.resourceVersion !== undefined && pre.resourceVersion !== m.resourceVersion) {
      throw conflict(
        type,
        name,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${m.resourceVersion}`,
      );
    }
    const result = this.present(current);
    if (opts.dryRun) return result;
    this.remove(current, opts.propagationPolicy !== 'Orphan');
    return result;
  }

  /** Removes an object and, as the garbage collector would, its dependents and namespace contents. */
  private remove(obj: KubeObject, cascade: boolean): void {
    const at = this.world.objects.indexOf(obj);
    if (at === -1) return;
    this.world.objects.splice(at, 1);
    this.rv++;
    const uid = meta(obj).uid;
    const dependents = this.world.objects.filter(
      (o) =>
        (obj.kind === 'Namespace' && o.metadata.namespace === obj.metadata.name) ||
        (cascade && (meta(o).ownerReferences ?? []).some((r) => r.uid === uid)),
    );
    for (const d of dependents) this.remove(d, cascade);
  }

  /** For the quota and log handlers. */
  objects(): readonly KubeObject[] {
    return this.world.objects;
  }
}

/** Secrets: `stringData` is write-only; the API folds it into base64 `data`. */
function foldStringData(secret: KubeObject): void {
  const stringData = secret.stringData as Record<string, string> | undefined;
  if (!stringData) return;
  const data = { ...((secret.data as Record<string, string> | undefined) ?? {}) };
  for (const [k, v] of Object.entries(stringData)) data[k] = Buffer.from(v).toString('base64');
  secret.data = data;
  delete secret.stringData;
}

export { resourceByKind };
