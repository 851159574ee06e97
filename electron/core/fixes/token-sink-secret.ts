import type { PreflightCheck } from '../../../shared/fixes';
import type { KubeClient } from '../kube/kube-client';
import { kubeAccessChecks, notPaused } from './kube-access';
import { dryRunFailed, dryRunPassed, english, msg, verified } from './fix-text';
import type { Message } from '../../../shared/messages';
import { kubePatch } from './kube-patch';
import { podsRefusedToken, restartDeployment, restartPatchFor, type DeploymentLike } from './token-sink-kube';
import { deploymentPath, rolledOut } from './rollout';
import { ConflictError, type FixContext, type VerifyResult } from './fix-definition';
import type { FoundSink, SecretSink, SinkScan } from './token-sink-types';

/** The key of the Helm chart's token Secret that its entrypoint reads (runners.secret). */
export const TOKEN_KEY = 'runner-token';

type EnvVar = { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } };
type Volume = { name: string; secret?: { secretName: string; items?: { key: string }[] }; projected?: { sources?: { secret?: { name: string; items?: { key: string }[] } }[] } };
interface Deployment extends DeploymentLike {
  spec: { paused?: boolean; template: { spec: { containers: { name: string; env?: EnvVar[] }[]; volumes?: Volume[] } } };
}
interface Secret {
  metadata: { name: string; resourceVersion: string };
  data?: Record<string, string>;
}

export const secretPath = (ns: string, name: string) => `/api/v1/namespaces/${encodeURIComponent(ns)}/secrets/${encodeURIComponent(name)}`;
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const unb64 = (s: string | undefined) => Buffer.from(s ?? '', 'base64').toString('utf8');

/** Secrets a pod template reads `runner-token` from: chart volumes (secret, projected) and env refs. */
function tokenSecretsOf(dep: Deployment): string[] {
  const has = (items?: { key: string }[]) => !items || items.some((i) => i.key === TOKEN_KEY);
  const spec = dep.spec.template.spec;
  const names = [
    ...(spec.volumes ?? []).flatMap((v) => [
      ...(v.secret && has(v.secret.items) ? [v.secret.secretName] : []),
      ...(v.projected?.sources ?? []).flatMap((s) => (s.secret && has(s.secret.items) ? [s.secret.name] : [])),
    ]),
    ...spec.containers.flatMap((c) => (c.env ?? []).flatMap((e) => (e.valueFrom?.secretKeyRef?.key === TOKEN_KEY ? [e.valueFrom.secretKeyRef.name] : []))),
  ];
  return [...new Set(names)];
}

async function readSecret(client: KubeClient, d: Pick<SecretSink, 'namespace' | 'secret'>, signal: AbortSignal): Promise<Secret> {
  return client.json<Secret>(secretPath(d.namespace, d.secret), { signal });
}

function found(d: SecretSink, token: string, names: string[]): FoundSink {
  const whereText = msg('sink.secretWhere', { key: TOKEN_KEY, namespace: d.namespace, secret: d.secret });
  return { sink: d, token, names, where: english(whereText), whereText, place: { namespace: d.namespace } };
}

async function sinkFor(ctx: FixContext, kube: SecretSink['kube'], dep: Deployment, secretName: string): Promise<FoundSink | undefined> {
  const client = await ctx.connections.kube(kube, ctx.signal);
  const ns = dep.metadata.namespace;
  const secret = await readSecret(client, { namespace: ns, secret: secretName }, ctx.signal).catch(() => undefined);
  if (secret?.data?.[TOKEN_KEY] === undefined) return undefined;
  const names = [dep.metadata.name, ...dep.spec.template.spec.containers.flatMap((c) => (c.env ?? []).filter((e) => e.name === 'RUNNER_NAME' && e.value).map((e) => e.value!))];
  return found(
    {
      kind: 'secret',
      kube,
      namespace: ns,
      deployment: dep.metadata.name,
      container: dep.spec.template.spec.containers[0]?.name ?? '',
      secret: secretName,
      secretResourceVersion: secret.metadata.resourceVersion,
      deploymentResourceVersion: dep.metadata.resourceVersion,
    },
    unb64(secret.data[TOKEN_KEY]),
    names,
  );
}

/** Every Deployment in the user's namespaces whose pods read `runner-token` from a Secret (the Helm chart's way). */
export const secretSinks: SinkScan = async (ctx) => {
  const out: FoundSink[] = [];
  for (const t of ctx.connections.kubeTargets) {
    const client = await ctx.connections.kube(t, ctx.signal);
    const path = 'namespace' in t ? `/apis/apps/v1/namespaces/${encodeURIComponent(t.namespace)}/deployments` : '/apis/apps/v1/deployments';
    for (const dep of (await client.list<Deployment>(path, { signal: ctx.signal })).items) {
      for (const name of tokenSecretsOf(dep)) {
        const f = await sinkFor(ctx, { kubeconfig: t.kubeconfig, context: t.context }, dep, name);
        if (f) out.push(f);
      }
    }
  }
  return out;
};

export async function rereadSecretSink(ctx: FixContext, d: SecretSink): Promise<FoundSink | undefined> {
  const client = await ctx.connections.kube(d.kube, ctx.signal);
  const dep = await client.json<Deployment>(deploymentPath(d.namespace, d.deployment), { signal: ctx.signal });
  return sinkFor(ctx, d.kube, dep, d.secret);
}

/** The Secret's runner-token set exactly (no trailing newline), with the plan's resourceVersion as precondition. */
const writeSecret = (c: KubeClient, d: SecretSink, token: string, dryRun: boolean, signal: AbortSignal) =>
  kubePatch<Secret>(c, secretPath(d.namespace, d.secret), 'application/merge-patch+json', { metadata: { resourceVersion: d.secretResourceVersion }, data: { [TOKEN_KEY]: b64(token) } }, `Secret ${d.namespace}/${d.secret}`, dryRun, signal);

export function secretPlanLines(d: SecretSink): { changes: Message[]; calls: string[] } {
  return {
    changes: [msg('sink.secret.change', { namespace: d.namespace, secret: d.secret, key: TOKEN_KEY }), msg('sink.restart', { namespace: d.namespace, deployment: d.deployment })],
    calls: [
      `PATCH ${secretPath(d.namespace, d.secret)} (merge patch of data.${TOKEN_KEY}, with metadata.resourceVersion ${d.secretResourceVersion}; dryRun=All first)`,
      `PATCH ${deploymentPath(d.namespace, d.deployment)} (restartedAt annotation, with metadata.resourceVersion ${d.deploymentResourceVersion}; dryRun=All first)`,
    ],
  };
}

export async function secretPreflight(ctx: FixContext, d: SecretSink, fixId: string): Promise<PreflightCheck[]> {
  const client = await ctx.connections.kube(d.kube, ctx.signal);
  const checks = (await kubeAccessChecks(client, d.namespace, fixId, ctx.signal)).filter((c) => /secrets|deployments/.test(c.name));
  const dep = await client.json<Deployment>(deploymentPath(d.namespace, d.deployment), { signal: ctx.signal });
  checks.push(notPaused(d.deployment, dep.spec.paused === true, msg('check.notPaused.the')));
  if (checks.every((c) => c.ok)) {
    try {
      // The dry run carries a stand-in of the new token's shape: the real one does not exist yet.
      await writeSecret(client, d, `glrt-${'x'.repeat(24)}`, true, ctx.signal);
      await restartDeployment(client, d.namespace, d.deployment, restartPatchFor(d.deploymentResourceVersion), true, ctx.signal);
      checks.push(dryRunPassed(msg('sink.dryRun.secret')));
    } catch (err) {
      checks.push(dryRunFailed(err));
    }
  }
  return checks;
}

/** The token in the Secret now; a conflict if the Secret changed since the plan. */
export async function secretCurrent(ctx: FixContext, d: SecretSink): Promise<string> {
  const client = await ctx.connections.kube(d.kube, ctx.signal);
  const before = await readSecret(client, d, ctx.signal);
  if (before.metadata.resourceVersion !== d.secretResourceVersion) throw new ConflictError(msg('fix.conflict.secret', { namespace: d.namespace, name: d.secret }));
  return unb64(before.data?.[TOKEN_KEY]);
}

export async function writeSecretSink(ctx: FixContext, d: SecretSink, token: string): Promise<void> {
  const client = await ctx.connections.kube(d.kube, ctx.signal);
  const secret = await readSecret(client, d, ctx.signal);
  if (unb64(secret.data?.[TOKEN_KEY]) !== token) {
    const written = await writeSecret(client, d, token, false, ctx.signal);
    d.secretResourceVersion = written.metadata.resourceVersion;
  }
  ctx.changed(msg('changed.secretToken', { namespace: d.namespace, secret: d.secret, key: TOKEN_KEY }));
  d.restartedAt = new Date().toISOString();
  const restarted = await restartDeployment(client, d.namespace, d.deployment, restartPatchFor(d.deploymentResourceVersion, d.restartedAt), false, ctx.signal);
  d.deploymentResourceVersion = restarted.metadata.resourceVersion;
  ctx.changed(msg('changed.deploymentRestarted', { namespace: d.namespace, name: d.deployment }));
}

export async function verifySecretSink(ctx: FixContext, d: SecretSink, token: string): Promise<VerifyResult> {
  const client = await ctx.connections.kube(d.kube, ctx.signal);
  const secret = await readSecret(client, d, ctx.signal);
  if (unb64(secret.data?.[TOKEN_KEY]) !== token) return verified(false, msg('sink.verify.secretNotHeld', { secret: d.secret }));
  const rollout = await rolledOut(client, d.namespace, d.deployment, ctx.signal);
  if (!rollout.ok) return rollout;
  const refused = await podsRefusedToken(client, d.namespace, d.deployment, d.container, ctx.signal);
  if (refused) return verified(false, msg('sink.verify.refused', { pod: refused }));
  return verified(true, msg('sink.verify.secretOk', { secret: d.secret, rollout: rollout.message }));
}
