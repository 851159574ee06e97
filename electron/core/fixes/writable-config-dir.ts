import { stringify } from 'yaml';
import type { Finding } from '../../../shared/findings';
import type { PreflightCheck } from '../../../shared/fixes';
import { readOnlyConfigDirs } from '../diagnosis/derive/config-dir';
import { LOG_SIGNATURES } from '../diagnosis/scan/signatures';
import type { Facts } from '../diagnosis/facts';
import type { KubeClient } from '../kube/kube-client';
import { kubeAccessChecks, notPaused } from './kube-access';
import { kubePatch } from './kube-patch';
import { kubeTargetFor, type KubeRef } from './kube-target';
import { deploymentPath, podLogTail, rolledOut } from './rollout';
import { planDiff } from './text-diff';
import { type FixContext, type FixDefinition, type FixPlan, type TargetFilter } from './fix-definition';
import { dryRunFailed, dryRunPassed, english, msg, verified } from './fix-text';

/** The emptyDir and init container the fix adds, as the official Helm chart does. */
const VOLUME = 'runner-config-writable';
const INIT = 'copy-runner-config';
const CONFIGMAP_DIR = '/configmaps';
/** The analyzer's own signatures of a runner that cannot write its config directory. */
const LOG_PROBLEMS = LOG_SIGNATURES.filter((s) => ['config-save-failed', 'system-id-not-saved', 'config-dir-denied'].includes(s.id)).map((s) => s.pattern);

interface DeploymentData {
  kube: KubeRef;
  namespace: string;
  name: string;
  container: string;
  dir: string;
  configMapVolume: string;
  image: string;
  resourceVersion: string;
}

interface Container {
  name: string;
  image?: string;
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
}
interface Deployment {
  metadata: { name: string; namespace: string; resourceVersion: string; generation?: number };
  spec: { paused?: boolean; replicas?: number; selector?: { matchLabels?: Record<string, string> }; template: { metadata?: Record<string, unknown>; spec: { containers: Container[]; initContainers?: Container[]; volumes?: { name: string; configMap?: unknown }[] } } };
}

const depPath = deploymentPath;

/** A strategic merge patch of the pod template with a restart and the plan's resourceVersion as precondition. */
function templatePatch(d: DeploymentData, podSpec: Record<string, unknown>) {
  return {
    metadata: { resourceVersion: d.resourceVersion },
    spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': new Date().toISOString() } }, spec: podSpec } },
  };
}

/** Mounts merge by mountPath, containers and volumes by name; nothing else is touched. */
function writablePatch(d: DeploymentData) {
  return templatePatch(d, {
    initContainers: [
      {
        name: INIT,
        image: d.image,
        command: ['sh', '-c', `cp ${CONFIGMAP_DIR}/config.toml ${d.dir}/config.toml`],
        volumeMounts: [
          { name: d.configMapVolume, mountPath: CONFIGMAP_DIR },
          { name: VOLUME, mountPath: d.dir },
        ],
      },
    ],
    containers: [{ name: d.container, volumeMounts: [{ mountPath: d.dir, name: VOLUME }] }],
    volumes: [{ name: VOLUME, emptyDir: {} }],
  });
}

/** The reverse: the ConfigMap mounted at the config directory again, the copy and the emptyDir gone. */
function revertPatch(d: DeploymentData) {
  return templatePatch(d, {
    initContainers: [{ name: INIT, $patch: 'delete' }],
    containers: [{ name: d.container, volumeMounts: [{ mountPath: d.dir, name: d.configMapVolume }] }],
    volumes: [{ name: VOLUME, $patch: 'delete' }],
  });
}

async function patchDeployment(client: KubeClient, d: DeploymentData, body: unknown, dryRun: boolean, signal: AbortSignal): Promise<Deployment> {
  return kubePatch<Deployment>(client, depPath(d.namespace, d.name), 'application/strategic-merge-patch+json', body, `Deployment ${d.namespace}/${d.name}`, dryRun, signal);
}

async function planDeployment(ctx: FixContext, findingId: string, kube: KubeRef, namespace: string, name: string, container: string, dir: string): Promise<FixPlan<DeploymentData> | undefined> {
  const client = await ctx.connections.kube(kube, ctx.signal);
  const dep = await client.json<Deployment>(depPath(namespace, name), { signal: ctx.signal });
  const c = dep.spec.template.spec.containers.find((x) => x.name === container);
  const mount = c?.volumeMounts?.find((m) => m.mountPath === dir);
  const volume = dep.spec.template.spec.volumes?.find((v) => v.name === mount?.name);
  if (!c || !mount || !volume?.configMap) return undefined;
  const data: DeploymentData = { kube, namespace, name, container, dir, configMapVolume: mount.name, image: c.image ?? '', resourceVersion: dep.metadata.resourceVersion };
  // The server's own dry run shows the object as it would be: the diff is of that, not of a local guess.
  const after = await patchDeployment(client, data, writablePatch(data), true, ctx.signal).catch(() => undefined);
  const changes = [
    msg('configDir.change.init', { volume: mount.name, at: CONFIGMAP_DIR, init: INIT, emptyDir: VOLUME }),
    msg('configDir.change.mount', { emptyDir: VOLUME, dir, container }),
    msg('configDir.change.restart'),
  ];
  const notes = [msg('configDir.note.chart'), msg('configDir.note.stateFile'), msg('configDir.note.lasts')];
  const callsNote = msg('plan.writableConfigDir.calls', { resourceVersion: dep.metadata.resourceVersion });
  return {
    planId: `writable-config-dir:${kube.context}/${namespace}/${name}`,
    fixId: 'writable-config-dir',
    findingId,
    title: english(msg('plan.writableConfigDir.title', { namespace, name })),
    target: { label: english(msg('where.deployment', { name, namespace, context: kube.context })), context: kube.context, namespace, object: `deployment/${name}` },
    changes: changes.map(english),
    calls: [`PATCH ${depPath(namespace, name)}`],
    callsNote: english(callsNote),
    ...(after ? { diff: planDiff(`${namespace}/${name} spec.template`, stringify(dep.spec.template), stringify(after.spec.template)) } : {}),
    notes: notes.map(english),
    rollback: { possible: true, how: english(msg('plan.writableConfigDir.rollback')) },
    messages: { title: msg('plan.writableConfigDir.title', { namespace, name }), changes, notes, rollbackHow: msg('plan.writableConfigDir.rollback'), target: msg('where.deployment', { name, namespace, context: kube.context }), callsNote },
    data,
  };
}

/** writable-config-dir: the runner's config directory is a read-only ConfigMap mount (seed 002). */
export const writableConfigDir: FixDefinition<DeploymentData> = {
  id: 'writable-config-dir',

  async plan({ findings, facts, target }: { findings: readonly Finding[]; facts: Facts; target: TargetFilter }, ctx) {
    const plans: FixPlan<DeploymentData>[] = [];
    for (const m of readOnlyConfigDirs(facts)) {
      const ns = m.workload.namespace;
      if (m.workload.kind !== 'Deployment' || !ns || !m.configMapName) continue;
      if (target !== undefined && target !== ns && target !== m.workload.name) continue;
      const plan = await planDeployment(ctx, findings[0]!.id, kubeTargetFor(ctx, ns), ns, m.workload.name, m.container, m.dir);
      if (plan) plans.push(plan);
    }
    return plans;
  },

  replan: (p, ctx) => planDeployment(ctx, p.findingId, p.data.kube, p.data.namespace, p.data.name, p.data.container, p.data.dir),

  async preflight(plan, ctx) {
    const client = await ctx.connections.kube(plan.data.kube, ctx.signal);
    const checks: PreflightCheck[] = (await kubeAccessChecks(client, plan.data.namespace, plan.fixId, ctx.signal)).filter((c) => /deployments/.test(c.name));
    const dep = await client.json<Deployment>(depPath(plan.data.namespace, plan.data.name), { signal: ctx.signal });
    checks.push(notPaused(plan.data.name, dep.spec.paused === true, msg('check.notPaused.the')));
    if (checks.every((c) => c.ok)) {
      try {
        await patchDeployment(client, plan.data, writablePatch(plan.data), true, ctx.signal);
        checks.push(dryRunPassed(msg('check.dryRun.patch')));
      } catch (err) {
        checks.push(dryRunFailed(err));
      }
    }
    return { ok: checks.every((c) => c.ok), checks };
  },

  async apply(plan, ctx) {
    const client = await ctx.connections.kube(plan.data.kube, ctx.signal);
    const after = await patchDeployment(client, plan.data, writablePatch(plan.data), false, ctx.signal);
    ctx.changed(msg('changed.configDir', { namespace: plan.data.namespace, name: plan.data.name, dir: plan.data.dir }));
    plan.data.resourceVersion = after.metadata.resourceVersion;
  },

  async verify(plan, ctx) {
    const client = await ctx.connections.kube(plan.data.kube, ctx.signal);
    const rollout = await rolledOut(client, plan.data.namespace, plan.data.name, ctx.signal);
    if (!rollout.ok) return rollout;
    const dep = await client.json<Deployment>(depPath(plan.data.namespace, plan.data.name), { signal: ctx.signal });
    const selector = Object.entries(dep.spec.selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
    const pods = await client.list<{ metadata: { name: string } }>(`/api/v1/namespaces/${encodeURIComponent(plan.data.namespace)}/pods`, { labelSelector: selector, signal: ctx.signal });
    for (const p of pods.items) {
      const log = await podLogTail(client, plan.data.namespace, p.metadata.name, plan.data.container, ctx.signal);
      if (LOG_PROBLEMS.some((re) => re.test(log))) return verified(false, msg('configDir.verify.stillLogs', { pod: p.metadata.name }));
    }
    return verified(true, msg('configDir.verify.ok', { rollout: rollout.message }));
  },

  async rollback(plan, ctx) {
    const client = await ctx.connections.kube(plan.data.kube, ctx.signal);
    await patchDeployment(client, plan.data, revertPatch(plan.data), false, ctx.signal);
    ctx.changed(msg('changed.configDirBack', { namespace: plan.data.namespace, name: plan.data.name, dir: plan.data.dir }));
  },
};
