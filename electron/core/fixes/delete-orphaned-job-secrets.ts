import type { Finding } from '../../../shared/findings';
import type { PreflightCheck } from '../../../shared/fixes';
import { namespaceOfSubject } from '../../../shared/subjects';
import { jobSecrets } from '../diagnosis/derive/kube-capacity';
import { extractKubeObjects } from '../diagnosis/extract/kube-objects';
import { emptyFacts, type Facts } from '../diagnosis/facts';
import { KubeApiError } from '../kube/kube-errors';
import type { KubeClient } from '../kube/kube-client';
import { mapPool } from '../util/pool';
import { kubeAccessChecks } from './kube-access';
import { kubeTargetFor, type KubeRef } from './kube-target';
import { ConflictError, FixInputError, type FixContext, type FixDefinition, type FixPlan, type TargetFilter } from './fix-definition';
import { check, english, msg, verified } from './fix-text';
import { list, type Message } from '../../../shared/messages';

interface Candidate {
  name: string;
  uid: string;
  resourceVersion: string;
  reason: Message;
}

interface SecretsData {
  kube: KubeRef;
  namespace: string;
  candidates: Candidate[];
  quotaBefore?: string;
}

type Obj = { metadata?: { name?: string; uid?: string; resourceVersion?: string; creationTimestamp?: string; ownerReferences?: { kind?: string; name?: string; uid?: string }[] }; status?: { used?: Record<string, string>; hard?: Record<string, string> } };

/** Deleting in batches keeps a cluster's API server and audit log calm. */
const BATCH = 10;

const secretPath = (ns: string, name?: string) => `/api/v1/namespaces/${encodeURIComponent(ns)}/secrets${name ? `/${encodeURIComponent(name)}` : ''}`;

function ageOf(created: string | undefined): Message {
  const ms = created ? Date.now() - Date.parse(created) : NaN;
  if (!Number.isFinite(ms)) return msg('secrets.age.unknown');
  const h = ms / 3_600_000;
  return h >= 48 ? msg('secrets.age.days', { count: Math.round(h / 24) }) : msg('secrets.age.hours', { count: Math.max(1, Math.round(h)) });
}

/** A fresh read of the namespace: orphaned job Secrets by the same rule the finding used, and the secrets quota. */
async function readNamespace(client: KubeClient, namespace: string, signal: AbortSignal): Promise<{ candidates: Candidate[]; quota?: string }> {
  const [secrets, pods, quotas] = await Promise.all([
    client.list<Obj & { data?: unknown }>(`/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets`, { signal }),
    client.list<Obj>(`/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`, { signal }),
    client.list<Obj>(`/api/v1/namespaces/${encodeURIComponent(namespace)}/resourcequotas`, { signal }),
  ]);
  // Only metadata is needed to decide; Secret values are dropped before anything else sees them.
  const metaOnly = secrets.items.map((s) => ({ apiVersion: 'v1', kind: 'Secret', type: 'Opaque', metadata: s.metadata }));
  const facts: Facts = emptyFacts();
  extractKubeObjects('live/pods.json', JSON.stringify({ kind: 'List', items: pods.items.map((p) => ({ apiVersion: 'v1', kind: 'Pod', ...p })) }), facts);
  extractKubeObjects('live/secrets.json', JSON.stringify({ kind: 'List', items: metaOnly }), facts);
  facts.kubeListed.add('Pod');
  const liveUids = new Set(pods.items.map((p) => p.metadata?.uid).filter(Boolean));
  const candidates = jobSecrets(facts).orphans.map((s): Candidate => {
    const meta = (s.object.metadata ?? {}) as NonNullable<Obj['metadata']>;
    const owner = meta.ownerReferences?.find((o) => o.kind === 'Pod');
    const why = owner && !liveUids.has(owner.uid) ? msg('secrets.ownerGone', { pod: owner.name ?? '', uid: owner.uid ?? '?' }) : msg('secrets.unused');
    return { name: s.name, uid: meta.uid ?? '', resourceVersion: meta.resourceVersion ?? '', reason: msg('secrets.reason', { why, age: ageOf(meta.creationTimestamp) }) };
  });
  const quota = quotas.items
    .map((q) => ({ name: q.metadata?.name, used: q.status?.used?.secrets ?? q.status?.used?.['count/secrets'], hard: q.status?.hard?.secrets ?? q.status?.hard?.['count/secrets'] }))
    .find((q) => q.hard !== undefined);
  return { candidates, ...(quota ? { quota: `${quota.name}: secrets ${quota.used ?? '?'}/${quota.hard}` } : {}) };
}

async function planNamespace(ctx: FixContext, findingId: string, kube: SecretsData['kube'], namespace: string, only: TargetFilter): Promise<FixPlan<SecretsData> | undefined> {
  const client = await ctx.connections.kube(kube, ctx.signal);
  const fresh = await readNamespace(client, namespace, ctx.signal);
  const candidates = fresh.candidates.filter((c) => only === undefined || only === namespace || only === c.name);
  return planOf(findingId, { kube, namespace, candidates, ...(fresh.quota ? { quotaBefore: fresh.quota } : {}) });
}

/** The plan that deletes exactly `data.candidates`; undefined when there are none. */
function planOf(findingId: string, data: SecretsData): FixPlan<SecretsData> | undefined {
  const { kube, namespace, candidates } = data;
  if (candidates.length === 0) return undefined;
  const changes = candidates.map((c) => msg('secrets.change', { name: c.name, reason: c.reason }));
  const notes = [msg('secrets.note.orphaned'), ...(data.quotaBefore ? [msg('secrets.note.quota', { quota: data.quotaBefore })] : []), msg('secrets.note.choose')];
  return {
    planId: `delete-orphaned-job-secrets:${kube.context}/${namespace}`,
    fixId: 'delete-orphaned-job-secrets',
    findingId,
    title: english(msg('plan.deleteSecrets.title', { count: candidates.length, namespace })),
    target: { label: english(msg('where.namespace', { namespace, context: kube.context })), context: kube.context, namespace },
    changes: changes.map(english),
    calls: [
      `DELETE ${secretPath(namespace, '<name>')}?dryRun=All for each (the dry run, in the preflight)`,
      `DELETE ${secretPath(namespace, '<name>')} with preconditions {uid, resourceVersion}, ${BATCH} at a time`,
    ],
    notes: notes.map(english),
    rollback: { possible: false, how: english(msg('plan.deleteSecrets.rollback')) },
    messages: { title: msg('plan.deleteSecrets.title', { count: candidates.length, namespace }), changes, notes, rollbackHow: msg('plan.deleteSecrets.rollback'), target: msg('where.namespace', { namespace, context: kube.context }) },
    typedConfirmation: namespace,
    items: candidates.map((c) => ({ id: c.name, label: c.name, reason: english(c.reason), messages: { reason: c.reason } })),
    data,
  };
}

function narrowTo(plan: FixPlan<SecretsData>, keep: readonly string[]): FixPlan<SecretsData> | undefined {
  const kept = new Set(keep);
  return planOf(plan.findingId, { ...plan.data, candidates: plan.data.candidates.filter((c) => kept.has(c.name)) });
}

async function deleteOne(client: KubeClient, ns: string, c: Candidate, dryRun: boolean, signal: AbortSignal): Promise<'deleted' | 'gone'> {
  try {
    await client.json(secretPath(ns, c.name), {
      method: 'DELETE',
      ...(dryRun ? { query: { dryRun: 'All' } } : {}),
      body: { apiVersion: 'v1', kind: 'DeleteOptions', preconditions: { uid: c.uid, resourceVersion: c.resourceVersion } },
      signal,
    });
    return 'deleted';
  } catch (err) {
    if (err instanceof KubeApiError && err.status === 404) return 'gone';
    if (err instanceof KubeApiError && err.status === 409) throw new ConflictError(msg('fix.conflict.secretNamed', { name: c.name }));
    throw err;
  }
}

/** delete-orphaned-job-secrets: job Secrets no live pod owns or uses, which fill the secrets quota (seed 004). */
export const deleteOrphanedJobSecrets: FixDefinition<SecretsData> = {
  id: 'delete-orphaned-job-secrets',

  async plan({ findings, target }: { findings: readonly Finding[]; facts: Facts; target: TargetFilter }, ctx) {
    const plans: FixPlan<SecretsData>[] = [];
    for (const f of findings) {
      const namespace = namespaceOfSubject(f.subject);
      if (!namespace) throw new FixInputError(msg('fix.input.noNamespace'));
      const plan = await planNamespace(ctx, f.id, kubeTargetFor(ctx, namespace), namespace, target);
      if (plan) plans.push(plan);
    }
    return plans;
  },

  // Planned again from a fresh read, still within what the user chose: a deselected Secret stays out.
  async replan(plan, ctx) {
    const fresh = await planNamespace(ctx, plan.findingId, plan.data.kube, plan.data.namespace, undefined);
    return fresh && narrowTo(fresh, plan.data.candidates.map((c) => c.name));
  },

  narrow: (plan, keep) => narrowTo(plan, keep),

  async preflight(plan, ctx) {
    const client = await ctx.connections.kube(plan.data.kube, ctx.signal);
    const checks: PreflightCheck[] = await kubeAccessChecks(client, plan.data.namespace, plan.fixId, ctx.signal);
    if (checks.some((c) => !c.ok)) return { ok: false, checks };
    const results = await mapPool(plan.data.candidates, BATCH, (c) => deleteOne(client, plan.data.namespace, c, true, ctx.signal), ctx.signal);
    const failures = results.flatMap((r, i) => (r.status === 'rejected' ? [`${plan.data.candidates[i]!.name}: ${(r.reason as Error).message}`] : []));
    checks.push(
      check(
        msg('check.dryRun'),
        failures.length === 0,
        failures.length
          ? msg('secrets.dryRun.failed', { count: failures.length, total: results.length, failures: list(failures.slice(0, 3), 'semicolon') })
          : msg('secrets.dryRun.passed', { count: results.length }),
      ),
    );
    return { ok: checks.every((c) => c.ok), checks };
  },

  async apply(plan, ctx) {
    const client = await ctx.connections.kube(plan.data.kube, ctx.signal);
    const { candidates, namespace } = plan.data;
    // Re-read before the first write: a Secret changed since the plan means plan again, not delete.
    const now = new Map((await client.list<Obj>(secretPath(namespace), { signal: ctx.signal })).items.map((s) => [s.metadata?.name, s.metadata]));
    const changed = candidates.find((c) => now.has(c.name) && (now.get(c.name)?.uid !== c.uid || now.get(c.name)?.resourceVersion !== c.resourceVersion));
    if (changed) throw new ConflictError(msg('fix.conflict.secretNamed', { name: changed.name }));
    for (let i = 0; i < candidates.length; i += BATCH) {
      const batch = candidates.slice(i, i + BATCH);
      const results = await mapPool(batch, BATCH, (c) => deleteOne(client, namespace, c, false, ctx.signal), ctx.signal);
      results.forEach((r, j) => {
        if (r.status === 'fulfilled') ctx.changed(msg('changed.secretDeleted', { name: batch[j]!.name, gone: r.value === 'gone' ? msg('changed.alreadyGone') : '' }));
      });
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      ctx.progress(msg('progress.deleted', { done: Math.min(i + BATCH, candidates.length), total: candidates.length }));
    }
  },

  async verify(plan, ctx) {
    const client = await ctx.connections.kube(plan.data.kube, ctx.signal);
    const fresh = await readNamespace(client, plan.data.namespace, ctx.signal);
    const planned = new Set(plan.data.candidates.map((c) => c.name));
    const left = fresh.candidates.filter((c) => planned.has(c.name));
    const quota = plan.data.quotaBefore && fresh.quota ? msg('secrets.verify.quota', { before: plan.data.quotaBefore, after: /\S+$/.exec(fresh.quota)?.[0] ?? fresh.quota }) : '';
    return left.length
      ? verified(false, msg('secrets.verify.left', { count: left.length, names: left.slice(0, 3).map((c) => c.name).join(', '), quota }))
      : verified(true, msg('secrets.verify.none', { count: planned.size, quota }));
  },
};
