import type { Finding } from '../../../shared/findings';
import type { PreflightCheck } from '../../../shared/fixes';
import type { Facts } from '../diagnosis/facts';
import { configMapPath, kubePatch } from './kube-patch';
import type { KubeClient } from '../kube/kube-client';
import { kubeAccessChecks } from './kube-access';
import { kubeTargetFor, type KubeRef } from './kube-target';
import { planDiff } from './text-diff';
import { editRunnerKeys, type RunnerKeyEdit } from './toml-edit';
import { concurrencyChange, concurrencyEdits, concurrencyMissing } from './request-concurrency-edits';
import { ConflictError, type FixContext, type FixDefinition, type FixPlan, type TargetFilter, type VerifyResult } from './fix-definition';
import { applyHost, planHostConcurrency, planHosts, preflightHost, rollbackHost, verifyHost, type HostConcurrencyData } from './raise-request-concurrency-ssh';
import { dryRunFailed, dryRunPassed, english, msg, verified } from './fix-text';
import { list, type Message } from '../../../shared/messages';

/** The edits of one config key, and their inverse for the rollback (no config text is kept: it holds the token). */
interface KeyEdits {
  key: string;
  edits: RunnerKeyEdit[];
  undo: RunnerKeyEdit[];
}

interface ConfigMapData {
  kind?: 'configmap';
  kube: KubeRef;
  namespace: string;
  name: string;
  uid: string;
  resourceVersion: string;
  /** Every config key of the ConfigMap that leaves a runner at 1: config.toml and the chart's config.template.toml, in one patch. */
  keys: KeyEdits[];
}

interface ConfigMapObj {
  metadata: { name: string; namespace: string; uid: string; resourceVersion: string };
  data?: Record<string, string>;
}

const cmPath = configMapPath;

async function readConfigMap(client: KubeClient, ns: string, name: string, signal: AbortSignal): Promise<ConfigMapObj> {
  return client.json<ConfigMapObj>(cmPath(ns, name), { signal });
}

/** The ConfigMap keys that hold a runner config: `config.toml`, the chart's `config.template.toml`, or any `*.toml`. */
const isConfigKey = (key: string) => key.endsWith('.toml');

async function planConfigMap(ctx: FixContext, findingId: string, kube: KubeRef, namespace: string, name: string): Promise<FixPlan<ConfigMapData> | undefined> {
  const client = await ctx.connections.kube(kube, ctx.signal);
  const cm = await readConfigMap(client, namespace, name, ctx.signal);
  const keys: KeyEdits[] = [];
  const changes: Message[] = [];
  const diffs: string[] = [];
  const skippedAll: Message[] = [];
  for (const [key, text] of Object.entries(cm.data ?? {})) {
    if (!isConfigKey(key)) continue;
    const { edits, undo, skipped } = concurrencyEdits(text);
    skippedAll.push(...skipped.map((note) => msg('concurrency.inKey', { key, line: note })));
    if (edits.length === 0) continue;
    keys.push({ key, edits, undo });
    changes.push(...edits.map((e) => msg('concurrency.keyChange', { key, change: concurrencyChange(text, e) })));
    diffs.push(planDiff(`${namespace}/${name}/${key}`, text, editRunnerKeys(text, edits)));
  }
  if (keys.length === 0) return undefined;
  const keyList = keys.map((k) => k.key).join(', ');
  const where = msg(keys.length === 1 ? 'where.configMapKey' : 'where.configMapKeys', { name, keys: keyList, namespace, context: kube.context });
  const notes = [
    msg('concurrency.note.onlyLines'),
    msg('concurrency.note.configMapReload'),
    ...(keys.some((k) => k.key.includes('template')) ? [msg('concurrency.note.template')] : []),
    ...skippedAll,
  ];
  return {
    planId: `raise-request-concurrency:${kube.context}/${namespace}/${name}`,
    fixId: 'raise-request-concurrency',
    findingId,
    title: english(msg('plan.raiseRequestConcurrency.title', { namespace, name, keys: keyList })),
    target: { label: english(where), context: kube.context, namespace, object: `configmap/${name}` },
    changes: changes.map(english),
    calls: [`PATCH ${cmPath(namespace, name)} (merge patch of ${keys.map((k) => `data["${k.key}"]`).join(' and ')} with metadata.resourceVersion ${cm.metadata.resourceVersion}; dryRun=All first)`],
    diff: diffs.join(''),
    notes: notes.map(english),
    rollback: { possible: true, how: english(msg('plan.raiseRequestConcurrency.rollback')) },
    messages: { title: msg('plan.raiseRequestConcurrency.title', { namespace, name, keys: keyList }), changes, notes, rollbackHow: msg('plan.raiseRequestConcurrency.rollback'), target: where },
    data: { kind: 'configmap', kube, namespace, name, uid: cm.metadata.uid, resourceVersion: cm.metadata.resourceVersion, keys },
  };
}

async function patchData(ctx: FixContext, d: ConfigMapData, which: 'edits' | 'undo', dryRun: boolean): Promise<ConfigMapObj> {
  const client = await ctx.connections.kube(d.kube, ctx.signal);
  const current = await readConfigMap(client, d.namespace, d.name, ctx.signal);
  if (current.metadata.uid !== d.uid || current.metadata.resourceVersion !== d.resourceVersion) {
    throw new ConflictError(msg('fix.conflict.configMap', { namespace: d.namespace, name: d.name }));
  }
  const data = Object.fromEntries(d.keys.map((k) => [k.key, editRunnerKeys(current.data?.[k.key] ?? '', k[which])]));
  return kubePatch<ConfigMapObj>(client, cmPath(d.namespace, d.name), 'application/merge-patch+json', { metadata: { resourceVersion: d.resourceVersion }, data }, `ConfigMap ${d.namespace}/${d.name}`, dryRun, ctx.signal);
}

async function preflightConfigMap(plan: FixPlan<ConfigMapData>, ctx: FixContext): Promise<PreflightCheck[]> {
  const client = await ctx.connections.kube(plan.data.kube, ctx.signal);
  const checks: PreflightCheck[] = (await kubeAccessChecks(client, plan.data.namespace, plan.fixId, ctx.signal)).filter((c) => /configmaps/.test(c.name));
  if (checks.every((c) => c.ok)) {
    try {
      await patchData(ctx, plan.data, 'edits', true);
      checks.push(dryRunPassed(msg('check.dryRun.patch')));
    } catch (err) {
      checks.push(dryRunFailed(err));
    }
  }
  return checks;
}

async function verifyConfigMap(d: ConfigMapData, ctx: FixContext): Promise<VerifyResult> {
  const client = await ctx.connections.kube(d.kube, ctx.signal);
  const cm = await readConfigMap(client, d.namespace, d.name, ctx.signal);
  const wrong = d.keys.flatMap((k) => concurrencyMissing(cm.data?.[k.key] ?? '', k.edits));
  const values = d.keys.flatMap((k) => k.edits.map((e) => e.value));
  return wrong.length
    ? verified(false, msg('concurrency.verify.missing', { count: wrong.length }))
    : verified(true, msg('concurrency.verify.configMap', { namespace: d.namespace, name: d.name, values: values.join(', ') }));
}

type Data = ConfigMapData | HostConcurrencyData;
/** Plans kept before host plans existed carry no kind: they are ConfigMap plans. */
const onHost = (d: Data): d is HostConcurrencyData => d.kind === 'ssh';

/**
 * raise-request-concurrency: `[[runners]]` left at request_concurrency=1 block in GitLab's long
 * polling (seed 002). Edits config.toml in ConfigMaps and on --ssh hosts.
 */
export const raiseRequestConcurrency: FixDefinition<Data> = {
  id: 'raise-request-concurrency',

  async plan({ findings, facts, target }: { findings: readonly Finding[]; facts: Facts; target: TargetFilter }, ctx) {
    const plans: FixPlan<Data>[] = [];
    const seen = new Set<string>();
    for (const c of facts.configs) {
      const cm = c.source.configMap;
      if (!cm?.namespace || !c.parsed) continue;
      if (!c.runners.some((r) => (r.requestConcurrency ?? 1) <= 1)) continue;
      // One plan per ConfigMap: its config.toml and template change in one patch, under one resourceVersion.
      const id = `${cm.namespace}/${cm.name}`;
      if (seen.has(id) || (target !== undefined && target !== cm.namespace && target !== cm.name)) continue;
      seen.add(id);
      const plan = await planConfigMap(ctx, findings[0]!.id, kubeTargetFor(ctx, cm.namespace), cm.namespace, cm.name);
      if (plan) plans.push(plan);
    }
    plans.push(...(await planHosts(ctx, findings, facts, target)));
    return plans;
  },

  replan: (p, ctx) => (onHost(p.data) ? planHostConcurrency(ctx, p.findingId, p.data.alias) : planConfigMap(ctx, p.findingId, p.data.kube, p.data.namespace, p.data.name)),

  async preflight(plan, ctx) {
    const checks = onHost(plan.data) ? await preflightHost(plan.data, ctx) : await preflightConfigMap(plan as FixPlan<ConfigMapData>, ctx);
    return { ok: checks.every((c) => c.ok), checks };
  },

  async apply(plan, ctx) {
    const d = plan.data;
    const changes = list(plan.messages?.changes ?? plan.changes, 'semicolon');
    if (onHost(d)) return applyHost(d, ctx, changes);
    const after = await patchData(ctx, d, 'edits', false);
    ctx.changed(msg('changed.configMap', { namespace: d.namespace, name: d.name, changes }));
    // The rollback applies to the object as it is now.
    d.resourceVersion = after.metadata.resourceVersion;
  },

  verify: (plan, ctx) => (onHost(plan.data) ? verifyHost(plan.data, ctx) : verifyConfigMap(plan.data, ctx)),

  async rollback(plan, ctx) {
    const d = plan.data;
    if (onHost(d)) return rollbackHost(d, ctx);
    await patchData(ctx, d, 'undo', false);
    ctx.changed(msg('changed.configMapBack', { namespace: d.namespace, name: d.name }));
  },
};
