import type { PreflightCheck } from '../../../shared/fixes';
import type { KubeClient } from '../kube/kube-client';
import { kubeAccessChecks, notPaused } from './kube-access';
import { dryRunFailed, dryRunPassed, english, msg, verified } from './fix-text';
import { list, type Message } from '../../../shared/messages';
import { kubeTargetFor } from './kube-target';
import { deploymentPath, rolledOut } from './rollout';
import { configMapPath, kubePatch } from './kube-patch';
import { podsRefusedToken, restartDeployment, restartPatchFor } from './token-sink-kube';
import { tokenKeysNote, withToken } from './token-config-edit';
import { runnerTokensOf } from './toml-edit';
import { ConflictError, type FixContext, type VerifyResult } from './fix-definition';
import type { ConfigMapSink, FoundSink, SinkScan, TokenMeta } from './token-sink-types';

interface ConfigMapObj {
  metadata: { name: string; namespace: string; uid: string; resourceVersion: string };
  data?: Record<string, string>;
}
type Volume = { configMap?: { name: string }; projected?: { sources?: { configMap?: { name: string } }[] } };
interface Deployment {
  metadata: { name: string; namespace: string; resourceVersion: string };
  spec: { paused?: boolean; template: { spec: { containers: { name: string }[]; volumes?: Volume[] } } };
}

const cmPath = configMapPath;
const labelText = (d: ConfigMapSink) => msg('sink.configMapWhere', { namespace: d.namespace, name: d.name, key: d.key, runner: d.runnerName ? `"${d.runnerName}"` : d.runnerIndex + 1 });
const label = (d: ConfigMapSink) => english(labelText(d));

async function readCm(client: KubeClient, ns: string, name: string, signal: AbortSignal): Promise<ConfigMapObj> {
  return client.json<ConfigMapObj>(cmPath(ns, name), { signal });
}

/** Deployments whose pods mount the ConfigMap (directly or projected): a restart makes them read it again. */
async function mountedBy(client: KubeClient, ns: string, name: string, signal: AbortSignal): Promise<ConfigMapSink['deployments']> {
  const deps = (await client.list<Deployment>(`/apis/apps/v1/namespaces/${encodeURIComponent(ns)}/deployments`, { signal })).items;
  const mounts = (d: Deployment) => (d.spec.template.spec.volumes ?? []).some((v) => v.configMap?.name === name || (v.projected?.sources ?? []).some((s) => s.configMap?.name === name));
  return deps.filter(mounts).map((d) => ({ name: d.metadata.name, container: d.spec.template.spec.containers[0]?.name ?? '', resourceVersion: d.metadata.resourceVersion }));
}

async function sinksOf(ctx: FixContext, kube: ConfigMapSink['kube'], ns: string, name: string, key: string): Promise<FoundSink[]> {
  const client = await ctx.connections.kube(kube, ctx.signal);
  const cm = await readCm(client, ns, name, ctx.signal);
  const text = cm.data?.[key];
  if (text === undefined) return [];
  const deployments = await mountedBy(client, ns, name, ctx.signal);
  return runnerTokensOf(text).flatMap((r, runnerIndex) => {
    if (r.token === undefined) return [];
    const sink: ConfigMapSink = { kind: 'configmap', kube, namespace: ns, name, key, runnerIndex, ...(r.name ? { runnerName: r.name } : {}), uid: cm.metadata.uid, resourceVersion: cm.metadata.resourceVersion, deployments };
    return [{ sink, token: r.token, names: [...(r.name ? [r.name] : []), ...deployments.map((d) => d.name)], ...(r.id !== undefined ? { runnerId: r.id } : {}), where: label(sink), whereText: labelText(sink), place: { namespace: ns }, text }];
  });
}

/** Every collected ConfigMap config.toml (not the chart's template) with a `[[runners]]` token. */
export const configMapSinks: SinkScan = async (ctx, facts) => {
  const out: FoundSink[] = [];
  const seen = new Set<string>();
  for (const c of facts.configs) {
    const cm = c.source.configMap;
    if (!cm?.namespace || c.template || !c.parsed) continue;
    const id = `${cm.namespace}/${cm.name}/${cm.key}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(...(await sinksOf(ctx, kubeTargetFor(ctx, cm.namespace), cm.namespace, cm.name, cm.key)));
  }
  return out;
};

export async function rereadConfigMapSink(ctx: FixContext, d: ConfigMapSink): Promise<FoundSink | undefined> {
  return (await sinksOf(ctx, d.kube, d.namespace, d.name, d.key)).find((f) => (f.sink as ConfigMapSink).runnerIndex === d.runnerIndex);
}

export function configMapPlanLines(d: ConfigMapSink, text: string, meta: Partial<TokenMeta>): { changes: Message[]; calls: string[]; notes: Message[] } {
  return {
    changes: [
      msg('sink.configMap.change', { where: labelText(d), keys: tokenKeysNote(text, d.runnerIndex, meta) }),
      ...d.deployments.map((dep) => msg('sink.restart', { namespace: d.namespace, deployment: dep.name })),
    ],
    calls: [
      `PATCH ${cmPath(d.namespace, d.name)} (merge patch of data["${d.key}"], with metadata.resourceVersion ${d.resourceVersion}; dryRun=All first)`,
      ...d.deployments.map((dep) => `PATCH ${deploymentPath(d.namespace, dep.name)} (restartedAt annotation, with metadata.resourceVersion ${dep.resourceVersion}; dryRun=All first)`),
    ],
    notes: [...(d.deployments.length ? [] : [msg('sink.configMap.noDeployment', { namespace: d.namespace, name: d.name })]), msg('sink.configMap.source')],
  };
}

const patchCm = (c: KubeClient, d: ConfigMapSink, text: string, dryRun: boolean, signal: AbortSignal) =>
  kubePatch<ConfigMapObj>(c, cmPath(d.namespace, d.name), 'application/merge-patch+json', { metadata: { resourceVersion: d.resourceVersion }, data: { [d.key]: text } }, `ConfigMap ${d.namespace}/${d.name}`, dryRun, signal);

export async function configMapPreflight(ctx: FixContext, d: ConfigMapSink, fixId: string): Promise<PreflightCheck[]> {
  const client = await ctx.connections.kube(d.kube, ctx.signal);
  const checks = (await kubeAccessChecks(client, d.namespace, fixId, ctx.signal)).filter((c) => /configmaps/.test(c.name) || (d.deployments.length > 0 && /deployments/.test(c.name)));
  for (const dep of d.deployments) {
    const live = await client.json<Deployment>(deploymentPath(d.namespace, dep.name), { signal: ctx.signal });
    checks.push(notPaused(dep.name, live.spec.paused === true, msg('check.notPaused.named', { deployment: dep.name })));
  }
  if (checks.every((c) => c.ok)) {
    try {
      const cm = await readCm(client, d.namespace, d.name, ctx.signal);
      // The dry run carries a stand-in of the new token's shape: the real one does not exist yet.
      await patchCm(client, d, withToken(cm.data?.[d.key] ?? '', d.runnerIndex, `glrt-${'x'.repeat(24)}`, { expiresAt: null }), true, ctx.signal);
      for (const dep of d.deployments) await restartDeployment(client, d.namespace, dep.name, restartPatchFor(dep.resourceVersion), true, ctx.signal);
      checks.push(dryRunPassed(msg(d.deployments.length ? 'sink.dryRun.configMapDeployment' : 'sink.dryRun.configMap')));
    } catch (err) {
      checks.push(dryRunFailed(err));
    }
  }
  return checks;
}

/** The entry's token now; a conflict if the ConfigMap changed since the plan. */
export async function configMapCurrent(ctx: FixContext, d: ConfigMapSink): Promise<string> {
  const client = await ctx.connections.kube(d.kube, ctx.signal);
  const cm = await readCm(client, d.namespace, d.name, ctx.signal);
  if (cm.metadata.uid !== d.uid || cm.metadata.resourceVersion !== d.resourceVersion) throw new ConflictError(msg('fix.conflict.configMap', { namespace: d.namespace, name: d.name }));
  return runnerTokensOf(cm.data?.[d.key] ?? '')[d.runnerIndex]?.token ?? '';
}

export async function writeConfigMapSink(ctx: FixContext, d: ConfigMapSink, token: string, meta: TokenMeta): Promise<void> {
  const client = await ctx.connections.kube(d.kube, ctx.signal);
  const cm = await readCm(client, d.namespace, d.name, ctx.signal);
  const text = cm.data?.[d.key] ?? '';
  if (runnerTokensOf(text)[d.runnerIndex]?.token !== token) {
    if (cm.metadata.resourceVersion !== d.resourceVersion) throw new ConflictError(msg('fix.conflict.configMap', { namespace: d.namespace, name: d.name }));
    const written = await patchCm(client, d, withToken(text, d.runnerIndex, token, meta), false, ctx.signal);
    d.resourceVersion = written.metadata.resourceVersion;
  }
  ctx.changed(msg('changed.holdsToken', { where: labelText(d) }));
  d.restartedAt = new Date().toISOString();
  for (const dep of d.deployments) {
    const restarted = await restartDeployment(client, d.namespace, dep.name, restartPatchFor(dep.resourceVersion, d.restartedAt), false, ctx.signal);
    dep.resourceVersion = restarted.metadata.resourceVersion;
    ctx.changed(msg('changed.deploymentRestarted', { namespace: d.namespace, name: dep.name }));
  }
}

export async function verifyConfigMapSink(ctx: FixContext, d: ConfigMapSink, token: string): Promise<VerifyResult> {
  const client = await ctx.connections.kube(d.kube, ctx.signal);
  const cm = await readCm(client, d.namespace, d.name, ctx.signal);
  if (runnerTokensOf(cm.data?.[d.key] ?? '')[d.runnerIndex]?.token !== token) return verified(false, msg('sink.verify.notHeld', { where: labelText(d) }));
  const details: Message[] = [msg('sink.verify.holds', { where: labelText(d) })];
  for (const dep of d.deployments) {
    const rollout = await rolledOut(client, d.namespace, dep.name, ctx.signal);
    if (!rollout.ok) return rollout;
    const refused = await podsRefusedToken(client, d.namespace, dep.name, dep.container, ctx.signal);
    if (refused) return verified(false, msg('sink.verify.refused', { pod: refused }));
    details.push(msg('sink.verify.deployment', { deployment: dep.name, rollout: rollout.message }));
  }
  return verified(true, msg('sink.verify.all', { details: list(details, 'semicolon') }));
}
