import type { KubeObject } from '../world';
import { KubeStatusError, resourceByKind } from './kube-resources';
import { formatQuantity, parseQuantity } from './kube-quantity';

/** Object counts the quota system tracks under their legacy names (`secrets`) as well as `count/<plural>`. */
const LEGACY_COUNTS: Record<string, string> = {
  pods: 'Pod',
  secrets: 'Secret',
  configmaps: 'ConfigMap',
  resourcequotas: 'ResourceQuota',
  services: 'Service',
};
const COMPUTE: Record<string, { field: 'requests' | 'limits'; resource: string }> = {
  'requests.cpu': { field: 'requests', resource: 'cpu' },
  'requests.memory': { field: 'requests', resource: 'memory' },
  'limits.cpu': { field: 'limits', resource: 'cpu' },
  'limits.memory': { field: 'limits', resource: 'memory' },
  cpu: { field: 'requests', resource: 'cpu' },
  memory: { field: 'requests', resource: 'memory' },
};

function countedKind(key: string): string | undefined {
  if (key in LEGACY_COUNTS) return LEGACY_COUNTS[key];
  if (key.startsWith('count/')) {
    const plural = key.slice(6).split('.')[0] as string;
    return (
      Object.entries(LEGACY_COUNTS).find(([p]) => p === plural)?.[1] ??
      (plural === 'deployments' ? 'Deployment' : plural === 'events' ? 'Event' : undefined)
    );
  }
  return undefined;
}

const terminal = (pod: KubeObject) => ['Succeeded', 'Failed'].includes(String((pod.status as { phase?: string } | undefined)?.phase));

/** A pod's total of one compute resource; undefined when some container does not declare it. */
function podCompute(pod: KubeObject, key: string): number | undefined {
  const spec = COMPUTE[key];
  if (!spec) return 0;
  const containers = ((pod.spec as { containers?: unknown[] } | undefined)?.containers ?? []) as {
    resources?: Record<string, Record<string, string>>;
  }[];
  let sum = 0;
  for (const c of containers) {
    const v = c.resources?.[spec.field]?.[spec.resource];
    if (v === undefined) return undefined;
    sum += parseQuantity(v).value;
  }
  return sum;
}

/** What one object adds to a quota key (0 if the key does not track it). */
function demand(obj: KubeObject, key: string): number | undefined {
  const counted = countedKind(key);
  if (counted) return counted === obj.kind ? 1 : 0;
  if (obj.kind === 'Pod' && key in COMPUTE) return terminal(obj) ? 0 : podCompute(obj, key);
  return 0;
}

/** Current use of every key a quota limits, computed from the objects as the quota controller does. */
export function quotaUsage(quota: KubeObject, objects: readonly KubeObject[]): Record<string, string> {
  const hard = ((quota.spec as { hard?: Record<string, string> } | undefined)?.hard ?? {}) as Record<string, string>;
  const ns = quota.metadata.namespace;
  const inNs = objects.filter((o) => o.metadata.namespace === ns && !(o.kind === 'Pod' && terminal(o)));
  const used: Record<string, string> = {};
  for (const [key, limit] of Object.entries(hard)) {
    const total = inNs.reduce((sum, o) => sum + (demand(o, key) ?? 0), 0);
    used[key] = formatQuantity(total, parseQuantity(limit));
  }
  return used;
}

/** A ResourceQuota with `status.hard/used` filled in from the live objects. */
export function withQuotaStatus(quota: KubeObject, objects: readonly KubeObject[]): KubeObject {
  const hard = ((quota.spec as { hard?: Record<string, string> } | undefined)?.hard ?? {}) as Record<string, string>;
  return { ...quota, status: { hard: { ...hard }, used: quotaUsage(quota, objects) } };
}

/**
 * Quota admission for a create: refuses with the API server's exact message when the new object
 * would take any key of any quota in its namespace over its hard limit.
 */
export function admitCreate(obj: KubeObject, objects: readonly KubeObject[]): void {
  const ns = obj.metadata.namespace;
  if (!ns) return;
  const type = resourceByKind(obj.kind);
  const subject = `${type?.plural ?? obj.kind.toLowerCase()} "${obj.metadata.name}"`;
  for (const quota of objects.filter((o) => o.kind === 'ResourceQuota' && o.metadata.namespace === ns)) {
    const hard = ((quota.spec as { hard?: Record<string, string> } | undefined)?.hard ?? {}) as Record<string, string>;
    const used = quotaUsage(quota, objects);
    const exceeded: { key: string; requested: number; used: number; limit: number; like: ReturnType<typeof parseQuantity> }[] = [];
    for (const [key, limitText] of Object.entries(hard)) {
      const requested = demand(obj, key);
      if (requested === undefined) {
        throw new KubeStatusError(403, 'Forbidden', `${subject} is forbidden: failed quota: ${quota.metadata.name}: must specify ${key}`);
      }
      if (requested === 0) continue;
      const like = parseQuantity(limitText);
      const usedNow = parseQuantity(used[key] ?? '0').value;
      if (usedNow + requested > like.value) exceeded.push({ key, requested, used: usedNow, limit: like.value, like });
    }
    if (exceeded.length) {
      const list = (pick: (e: (typeof exceeded)[number]) => number) =>
        exceeded.map((e) => `${e.key}=${formatQuantity(pick(e), e.like)}`).join(',');
      throw new KubeStatusError(
        403,
        'Forbidden',
        `${subject} is forbidden: exceeded quota: ${quota.metadata.name}, requested: ${list((e) => e.requested)}, used: ${list((e) => e.used)}, limited: ${list((e) => e.limit)}`,
        { name: obj.metadata.name, kind: type?.plural ?? obj.kind.toLowerCase() },
      );
    }
  }
}
