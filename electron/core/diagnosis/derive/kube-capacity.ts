import type { Facts, LogMatch } from '../facts';
import { kubeObjectsOf } from '../facts';
import type { KubeObjectFact } from '../extract/kube-objects';
import { isRecord, str } from '../extract/structured';

const SUFFIX: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** A Kubernetes quantity (`1536Mi`, `56Gi`, `500m`, `100`) as a number. */
export function parseQuantity(q: string | number | undefined): number {
  if (typeof q === 'number') return q;
  const m = /^([+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?$/.exec((q ?? '').trim());
  return m ? Number(m[1]) * (SUFFIX[m[2] ?? ''] ?? NaN) : NaN;
}

/** `requests.memory=1536Mi,limits.cpu=2` → map. */
export function parseResourceList(text: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (text ?? '').split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return out;
}

/** Quota keys that count Secrets (`secrets`, `count/secrets`). */
export const isSecretsResource = (key: string) => key === 'secrets' || key === 'count/secrets';

/** A quota rejection from a log line or an Event. */
export interface QuotaRejection {
  resource: string;
  object: string;
  quota: string;
  requested: Map<string, string>;
  used: Map<string, string>;
  limited: Map<string, string>;
  at: { file: string; line: number; excerpt: string };
}

const QUOTA_MESSAGE =
  /(?<resource>[a-z]+) "(?<object>[^"]+)" is forbidden: exceeded quota: (?<quota>[^,\s]+), requested: (?<requested>.+?), used: (?<used>.+?), limited: (?<limited>[^\s"]+)/;

export function quotaRejections(facts: Facts, logMatches: readonly LogMatch[]): QuotaRejection[] {
  const out: QuotaRejection[] = logMatches.map((m) => ({
    resource: m.fields.resource ?? '',
    object: m.fields.object ?? '',
    quota: m.fields.quota ?? '',
    requested: parseResourceList(m.fields.requested),
    used: parseResourceList(m.fields.used),
    limited: parseResourceList(m.fields.limited),
    at: m,
  }));
  for (const ev of kubeObjectsOf(facts, 'Event')) {
    const message = str(ev.object.message) ?? '';
    const g = QUOTA_MESSAGE.exec(message)?.groups;
    if (!g) continue;
    out.push({
      resource: g.resource!,
      object: g.object!,
      quota: g.quota!,
      requested: parseResourceList(g.requested),
      used: parseResourceList(g.used),
      limited: parseResourceList(g.limited),
      at: ev.at(['message']),
    });
  }
  return out;
}

export function rejectsSecrets(r: QuotaRejection): boolean {
  return r.resource === 'secrets' || [...r.requested.keys()].some(isSecretsResource);
}

/** Resources of a ResourceQuota that are used up (used ≥ hard). */
export function fullQuotaResources(quota: KubeObjectFact): { resource: string; used: string; hard: string }[] {
  const status = isRecord(quota.object.status) ? quota.object.status : {};
  const spec = isRecord(quota.object.spec) ? quota.object.spec : {};
  const hard = isRecord(status.hard) ? status.hard : isRecord(spec.hard) ? spec.hard : {};
  const used = isRecord(status.used) ? status.used : {};
  const out: { resource: string; used: string; hard: string }[] = [];
  for (const [resource, h] of Object.entries(hard)) {
    const u = used[resource];
    if (u === undefined) continue;
    const hv = parseQuantity(String(h));
    const uv = parseQuantity(String(u));
    if (Number.isFinite(hv) && Number.isFinite(uv) && uv >= hv) out.push({ resource, used: String(u), hard: String(h) });
  }
  return out;
}

/** A ResourceQuota whose status shows how many Secrets are used: its fullness is then known. */
export function tracksSecrets(quota: KubeObjectFact): boolean {
  const status = isRecord(quota.object.status) ? quota.object.status : {};
  return isRecord(status.used) && Object.keys(status.used).some(isSecretsResource);
}

/** Job Secret names the Kubernetes executor creates: `runner-<id>-project-<n>-concurrent-<n>…`. */
export const JOB_SECRET_NAME = /^runner-[a-z0-9]+-project-\d+-concurrent-\d+[-a-z0-9]*$/;

export interface JobSecrets {
  /** Whether the evidence lists pods at all (otherwise nothing can be called orphaned). */
  podsKnown: boolean;
  jobSecrets: KubeObjectFact[];
  orphans: KubeObjectFact[];
}

/** Names of Secrets a pod uses (image pull secrets, volumes, env). */
function secretsUsedBy(pod: KubeObjectFact): Set<string> {
  const spec = isRecord(pod.object.spec) ? pod.object.spec : {};
  const names = new Set<string>();
  for (const s of Array.isArray(spec.imagePullSecrets) ? spec.imagePullSecrets : []) if (isRecord(s) && str(s.name)) names.add(str(s.name)!);
  for (const v of Array.isArray(spec.volumes) ? spec.volumes : []) if (isRecord(v) && isRecord(v.secret) && str(v.secret.secretName)) names.add(str(v.secret.secretName)!);
  return names;
}

/**
 * Job Secrets and which of them have no live owner. A Secret belongs to its pod by
 * `ownerReferences[].uid` (FIELD-NOTES.md §9), or is in use when a live pod mounts it; a name
 * prefix proves nothing, since a live pod's Secret and an orphan can share one.
 */
export function jobSecrets(facts: Facts): JobSecrets {
  const pods = kubeObjectsOf(facts, 'Pod').filter((p) => !(isRecord(p.object.metadata) && p.object.metadata.deletionTimestamp));
  const podsKnown = pods.length > 0 || facts.kubeListed.has('Pod');
  const liveUids = new Set(pods.map((p) => p.uid).filter(Boolean));
  const used = new Set(pods.flatMap((p) => [...secretsUsedBy(p)]));
  const secrets = kubeObjectsOf(facts, 'Secret').filter((s) => JOB_SECRET_NAME.test(s.name));
  const orphans = podsKnown
    ? secrets.filter((s) => {
        const meta = isRecord(s.object.metadata) ? s.object.metadata : {};
        const owners = (Array.isArray(meta.ownerReferences) ? meta.ownerReferences : []).filter(isRecord);
        return !owners.some((o) => liveUids.has(str(o.uid) ?? '')) && !used.has(s.name);
      })
    : [];
  return { podsKnown, jobSecrets: secrets, orphans };
}
