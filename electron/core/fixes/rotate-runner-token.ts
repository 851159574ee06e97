import type { Finding } from '../../../shared/findings';
import type { PreflightCheck } from '../../../shared/fixes';
import type { Facts } from '../diagnosis/facts';
import { sleep } from '../gitlab/retry';
import { classifyToken } from '../gitlab/tokens';
import { KubeApiError } from '../kube/kube-errors';
import type { KubeClient } from '../kube/kube-client';
import { errorMessage } from '../util/abort';
import { scopeCheck } from './gitlab-access';
import { kubeAccessChecks } from './kube-access';
import type { KubeRef } from './kube-target';
import { deploymentPath, podLogTail, rolledOut } from './rollout';
import type { TokenStore } from './token-file';
import { ConflictError, FixInputError, type FixContext, type FixDefinition, type FixPlan, type TargetFilter, type VerifyResult } from './fix-definition';

/** The key of the Helm chart's token Secret that its entrypoint reads (runners.secret). */
const TOKEN_KEY = 'runner-token';
/** The analyzer's own words for a runner GitLab refuses, looked for in the restarted pods' logs. */
const REFUSED = /Checking for jobs\.\.\. forbidden|Verifying runner\.\.\. is (?:not valid|removed)/;

interface RotateData {
  kube: KubeRef;
  namespace: string;
  deployment: string;
  container: string;
  secret: string;
  runnerId: number;
  secretResourceVersion: string;
  deploymentResourceVersion: string;
  /** Resuming: the token file already holds the token of an interrupted rotation. */
  resume: boolean;
  /** When the restart was asked for: GitLab's contacted_at must move past it. */
  restartedAt?: string;
}

type EnvVar = { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } };
type Volume = { name: string; secret?: { secretName: string; items?: { key: string }[] }; projected?: { sources?: { secret?: { name: string; items?: { key: string }[] } }[] } };
interface Deployment {
  metadata: { name: string; namespace: string; resourceVersion: string };
  spec: { paused?: boolean; template: { spec: { containers: { name: string; env?: EnvVar[] }[]; volumes?: Volume[] } } };
}
interface Secret {
  metadata: { name: string; resourceVersion: string };
  data?: Record<string, string>;
}

const secretPath = (ns: string, name: string) => `/api/v1/namespaces/${encodeURIComponent(ns)}/secrets/${encodeURIComponent(name)}`;
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const unb64 = (s: string | undefined) => Buffer.from(s ?? '', 'base64').toString('utf8');
/** Tokens are only ever shown as their type and last 4 characters. */
export const tokenHint = (token: string) => `${classifyToken(token).label} …${token.trim().slice(-4)}`;

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

/** The GitLab runner a Deployment runs: --target RUNNER_ID, or the one whose description is its RUNNER_NAME or name. */
function runnerIdFor(dep: Deployment, facts: Facts, target: TargetFilter): number | undefined {
  if (target && /^\d+$/.test(target)) return Number(target);
  const names = [dep.metadata.name, ...dep.spec.template.spec.containers.flatMap((c) => (c.env ?? []).filter((e) => e.name === 'RUNNER_NAME' && e.value).map((e) => e.value!))];
  const matches = [...facts.gitlab.runners.values()].filter((r) => r.description && names.includes(r.description));
  return matches.length === 1 ? matches[0]!.id : undefined;
}

function storeOf(ctx: FixContext): TokenStore | undefined {
  return ctx.connections.tokenStore;
}

async function readSecret(client: KubeClient, d: Pick<RotateData, 'namespace' | 'secret'>, signal: AbortSignal): Promise<Secret> {
  return client.json<Secret>(secretPath(d.namespace, d.secret), { signal });
}

async function patch<T>(client: KubeClient, path: string, contentType: string, body: unknown, what: string, dryRun: boolean, signal: AbortSignal): Promise<T> {
  try {
    return await client.json<T>(path, { method: 'PATCH', contentType, body, ...(dryRun ? { query: { dryRun: 'All' } } : {}), signal });
  } catch (err) {
    if (err instanceof KubeApiError && err.status === 409) throw new ConflictError(`${what} changed since the plan was made`);
    throw err;
  }
}

/** The Secret's runner-token set exactly (no trailing newline), with the plan's resourceVersion as precondition. */
const secretPatch = (d: RotateData, token: string) => ({ metadata: { resourceVersion: d.secretResourceVersion }, data: { [TOKEN_KEY]: b64(token) } });
/** What `kubectl rollout restart` does, with the plan's resourceVersion as precondition. */
const restartPatch = (d: RotateData) => ({
  metadata: { resourceVersion: d.deploymentResourceVersion },
  spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': d.restartedAt ?? new Date().toISOString() } } } },
});
const writeSecret = (c: KubeClient, d: RotateData, token: string, dryRun: boolean, signal: AbortSignal) =>
  patch<Secret>(c, secretPath(d.namespace, d.secret), 'application/merge-patch+json', secretPatch(d, token), `Secret ${d.namespace}/${d.secret}`, dryRun, signal);
const restart = (c: KubeClient, d: RotateData, dryRun: boolean, signal: AbortSignal) =>
  patch<Deployment>(c, deploymentPath(d.namespace, d.deployment), 'application/strategic-merge-patch+json', restartPatch(d), `Deployment ${d.namespace}/${d.deployment}`, dryRun, signal);

async function planFor(ctx: FixContext, findingId: string, kube: KubeRef, namespace: string, deploymentName: string, secretName: string, runnerId: number): Promise<FixPlan<RotateData> | undefined> {
  const client = await ctx.connections.kube(kube, ctx.signal);
  const dep = await client.json<Deployment>(deploymentPath(namespace, deploymentName), { signal: ctx.signal });
  const secret = await readSecret(client, { namespace, secret: secretName }, ctx.signal);
  const current = unb64(secret.data?.[TOKEN_KEY]);
  const store = storeOf(ctx);
  const saved = store?.saved();
  const file = store?.label ?? 'the --token-file FILE (required to apply)';
  const gitlabUrl = ctx.connections.gitlabTarget?.url ?? '';
  const data: RotateData = {
    kube,
    namespace,
    deployment: deploymentName,
    container: dep.spec.template.spec.containers[0]?.name ?? '',
    secret: secretName,
    runnerId,
    secretResourceVersion: secret.metadata.resourceVersion,
    deploymentResourceVersion: dep.metadata.resourceVersion,
    resume: !!saved,
  };
  const byCurrentToken = !ctx.connections.gitlabTarget?.token;
  const first = saved
    ? `use the token saved in ${file} by the interrupted rotation (${tokenHint(saved)}); GitLab is not asked to reset again`
    : `reset runner ${runnerId}'s authentication token in GitLab: the current one (${current ? tokenHint(current) : 'none'} in Secret ${secretName}) stops working at once; the new one is written to ${file}${!store || store.fileMode ? ` (mode ${store?.fileMode ?? '0600'})` : ''} before anything else`;
  return {
    planId: `rotate-runner-token:${runnerId}:${kube.context}/${namespace}/${deploymentName}`,
    fixId: 'rotate-runner-token',
    findingId,
    title: `Rotate runner ${runnerId}'s token and give it to Deployment ${namespace}/${deploymentName}`,
    target: { label: `runner ${runnerId} on ${gitlabUrl}, Secret ${secretName} and Deployment ${deploymentName} in namespace ${namespace} of context ${kube.context}`, gitlabUrl, runnerId, context: kube.context, namespace, object: `secret/${secretName}` },
    changes: [
      first,
      `Secret ${namespace}/${secretName}: ${TOKEN_KEY} ← the new token, exactly (no trailing newline)`,
      `restart Deployment ${namespace}/${deploymentName} (kubectl.kubernetes.io/restartedAt), so the runner reads the new token`,
    ],
    calls: [
      ...(saved
        ? []
        : byCurrentToken
          ? [`POST /api/v4/runners/reset_authentication_token (no GITLAB_TOKEN given: with the runner's current token from Secret ${secretName}, in the body; not repeatable: each call kills the token before it)`]
          : [`POST /api/v4/runners/${runnerId}/reset_authentication_token (with your token; not repeatable: each call kills the token before it)`]),
      `PATCH ${secretPath(namespace, secretName)} (merge patch of data.${TOKEN_KEY}, with metadata.resourceVersion ${secret.metadata.resourceVersion}; dryRun=All first)`,
      `PATCH ${deploymentPath(namespace, deploymentName)} (restartedAt annotation, with metadata.resourceVersion ${dep.metadata.resourceVersion}; dryRun=All first)`,
    ],
    notes: [
      'Token rotation cannot be rolled back: GitLab invalidates the old token the moment it resets it, and shows the new one only once.',
      `So the new token is saved to ${file} first. If a later step fails, ${store?.resumeHow ?? `run the same command with --apply --yes --resume --token-file ${store?.label ?? 'FILE'}`}: it uses the saved token and resumes from the step that failed.`,
      `Tokens are shown only as their type and last 4 characters. ${store?.afterwards ?? 'Delete the token file once the runner is healthy, or keep it as safely as any runner token.'}`,
    ],
    rollback: { possible: false, how: 'Token rotation cannot be rolled back: the old token is dead once GitLab resets it.' },
    typedConfirmation: String(runnerId),
    data,
  };
}

/**
 * The reset itself: by runner id with the user's token, or, with none given, with the runner's
 * current token (which GitLab refuses, changing nothing, once that token is dead).
 */
async function reset(ctx: FixContext, d: RotateData, current: string): Promise<string> {
  let answer: { token?: string };
  if (ctx.connections.gitlabTarget?.token) {
    const gitlab = await ctx.connections.gitlab();
    answer = (await gitlab.post<{ token?: string }>(`/runners/${d.runnerId}/reset_authentication_token`, { signal: ctx.signal, retry: false, needs: { scopes: ['api', 'manage_runner'] } })).body;
  } else {
    const gitlab = await ctx.connections.gitlabRunnerSide();
    const res = await gitlab.post<{ token?: string }>('/runners/reset_authentication_token', { auth: false, body: { token: current }, signal: ctx.signal, retry: false, okStatuses: [403] });
    if (res.status === 403) throw new Error(`GitLab rejects the runner's current token (${tokenHint(current)}), so it cannot reset it; nothing was changed: give a personal access token with the manage_runner scope in GITLAB_TOKEN`);
    answer = res.body;
  }
  if (!answer.token) throw new Error(`GitLab answered the reset of runner ${d.runnerId} without a token: reset it in GitLab's UI and put the token in Secret ${d.secret} by hand`);
  return answer.token;
}

/** How long verification waits for GitLab to see the restarted runner (it polls every few seconds). */
const CONTACT_WAIT_MS = 60_000;

/** GitLab's contacted_at for the runner moves past the restart: it authenticates with the new token. */
async function contactedSince(ctx: FixContext, d: RotateData): Promise<VerifyResult> {
  const target = ctx.connections.gitlabTarget;
  if (!target?.token || !d.restartedAt) return { ok: true, detail: 'GitLab not asked whether the runner is back (no GitLab token given)' };
  const gitlab = await ctx.connections.gitlab();
  // contacted_at may be kept to whole seconds.
  const since = Date.parse(d.restartedAt) - 1_000;
  const deadline = Date.now() + CONTACT_WAIT_MS;
  for (;;) {
    const runner = (await gitlab.get<{ contacted_at?: string | null; status?: string }>(`/runners/${d.runnerId}`, { signal: ctx.signal })).body;
    if (runner.contacted_at && Date.parse(runner.contacted_at) >= since) return { ok: true, detail: `GitLab saw runner ${d.runnerId} at ${runner.contacted_at} (${runner.status ?? 'status unknown'})` };
    if (Date.now() > deadline) return { ok: false, detail: `GitLab has not seen runner ${d.runnerId} since the restart (last contact ${runner.contacted_at ?? 'never'})` };
    await sleep(3_000, ctx.signal);
  }
}

/** rotate-runner-token: GitLab rejects the runner's token, or the runner lost a rotated one (Kubernetes, Helm chart Secret). */
export const rotateRunnerToken: FixDefinition<RotateData> = {
  id: 'rotate-runner-token',

  async plan({ findings, facts, target }: { findings: readonly Finding[]; facts: Facts; target: TargetFilter }, ctx) {
    const plans: FixPlan<RotateData>[] = [];
    const unmatched: string[] = [];
    for (const t of ctx.connections.kubeTargets) {
      const client = await ctx.connections.kube(t, ctx.signal);
      const path = 'namespace' in t ? `/apis/apps/v1/namespaces/${encodeURIComponent(t.namespace)}/deployments` : '/apis/apps/v1/deployments';
      const deps = (await client.list<Deployment>(path, { signal: ctx.signal })).items;
      for (const dep of deps) {
        const ns = dep.metadata.namespace;
        if (target !== undefined && !/^\d+$/.test(target) && target !== ns && target !== dep.metadata.name) continue;
        for (const secretName of tokenSecretsOf(dep)) {
          const secret = await readSecret(client, { namespace: ns, secret: secretName }, ctx.signal).catch(() => undefined);
          if (secret?.data?.[TOKEN_KEY] === undefined) continue;
          const runnerId = runnerIdFor(dep, facts, target);
          if (runnerId === undefined) {
            unmatched.push(`${ns}/${dep.metadata.name}`);
            continue;
          }
          const plan = await planFor(ctx, findings[0]!.id, { kubeconfig: t.kubeconfig, context: t.context }, ns, dep.metadata.name, secretName, runnerId);
          if (plan) plans.push(plan);
        }
      }
    }
    if (!plans.length && unmatched.length) {
      throw new FixInputError(`cannot tell which GitLab runner Deployment ${unmatched.join(', ')} runs (no runner whose description is its name or RUNNER_NAME): pass --target RUNNER_ID, with --gitlab-url`);
    }
    return plans;
  },

  replan: (p, ctx) => planFor(ctx, p.findingId, p.data.kube, p.data.namespace, p.data.deployment, p.data.secret, p.data.runnerId),

  async preflight(plan, ctx) {
    const d = plan.data;
    const store = storeOf(ctx);
    const checks: PreflightCheck[] = [
      store
        ? { name: 'token file', ok: true, detail: d.resume ? `resuming with the token saved in ${store.label}` : `the new token goes to ${store.label}${store.fileMode ? ` (${store.fileMode})` : ''} before any other step` }
        : // A plan needs no file; apply refuses to start without one, before any write.
          { name: 'token file', ok: true, detail: 'none given yet: --apply needs --token-file FILE, where the new token is saved before any other step' },
    ];
    if (!d.resume && !ctx.connections.gitlabTarget?.token) {
      const client = await ctx.connections.kube(d.kube, ctx.signal);
      const current = unb64((await readSecret(client, d, ctx.signal)).data?.[TOKEN_KEY]);
      const usable = classifyToken(current).runnerUsable !== 'no';
      checks.push({
        name: 'current token',
        ok: usable,
        detail: usable
          ? `no GITLAB_TOKEN: the reset authenticates with the runner's current token (${tokenHint(current)}); if GitLab already rejects it, the reset fails with 403 and nothing changes`
          : `no GITLAB_TOKEN, and the Secret holds no runner token to reset with (${current ? tokenHint(current) : 'empty'}): give a personal access token with the manage_runner scope in GITLAB_TOKEN`,
      });
    } else if (!d.resume) {
      const gitlab = await ctx.connections.gitlab();
      checks.push(await scopeCheck(gitlab, ['api', 'manage_runner'], ctx.signal));
      try {
        await gitlab.get(`/runners/${d.runnerId}`, { signal: ctx.signal });
        checks.push({ name: 'runner', ok: true, detail: `your token can see runner ${d.runnerId}` });
      } catch (err) {
        checks.push({ name: 'runner', ok: false, detail: `runner ${d.runnerId}: ${errorMessage(err)}` });
      }
    }
    const client = await ctx.connections.kube(d.kube, ctx.signal);
    checks.push(...(await kubeAccessChecks(client, d.namespace, plan.fixId, ctx.signal)).filter((c) => /secrets|deployments/.test(c.name)));
    const dep = await client.json<Deployment>(deploymentPath(d.namespace, d.deployment), { signal: ctx.signal });
    checks.push({ name: 'not paused', ok: !dep.spec.paused, detail: dep.spec.paused ? `Deployment ${d.deployment} is paused: a restart would not roll out (kubectl rollout resume first)` : 'the Deployment is not paused' });
    if (checks.every((c) => c.ok)) {
      try {
        // The dry run carries a stand-in of the new token's shape: the real one does not exist yet.
        await writeSecret(client, d, `glrt-${'x'.repeat(24)}`, true, ctx.signal);
        await restart(client, d, true, ctx.signal);
        checks.push({ name: 'server-side dry run', ok: true, detail: 'the Secret and Deployment patches pass dryRun=All with their resourceVersion preconditions' });
      } catch (err) {
        checks.push({ name: 'server-side dry run', ok: false, detail: errorMessage(err) });
      }
    }
    return { ok: checks.every((c) => c.ok), checks };
  },

  async apply(plan, ctx) {
    const d = plan.data;
    const store = storeOf(ctx);
    if (!store) throw new FixInputError('a rotated token must be saved before anything else: pass --token-file FILE');
    const client = await ctx.connections.kube(d.kube, ctx.signal);
    let token = store.saved();
    if (!token) {
      // The last chance to stop before the irreversible step: the Secret must still be as planned.
      const before = await readSecret(client, d, ctx.signal);
      if (before.metadata.resourceVersion !== d.secretResourceVersion) throw new ConflictError(`Secret ${d.namespace}/${d.secret} changed since the plan was made`);
      const fresh = await reset(ctx, d, unb64(before.data?.[TOKEN_KEY]));
      if (!fresh) throw new Error(`GitLab answered the reset of runner ${d.runnerId} without a token: reset it in GitLab's UI and put the token in Secret ${d.secret} by hand`);
      try {
        await store.save(fresh);
      } catch (err) {
        throw new Error(`GitLab reset runner ${d.runnerId}'s token (the old one is dead), but it could not be written to ${store.label}: ${errorMessage(err)}; make the file writable and run the fix again (a new reset)`);
      }
      token = fresh;
      ctx.changed(`runner ${d.runnerId}: token reset in GitLab (the old one is dead); the new one (${tokenHint(token)}) saved to ${store.label}`);
    } else {
      ctx.changed(`using the token saved in ${store.label} (${tokenHint(token)}); no new reset`);
    }
    const resume = `the new token is saved in ${store.label}: ${store.resumeHow ?? `finish with the same command and --resume --token-file ${store.label}`}`;
    try {
      const secret = await readSecret(client, d, ctx.signal);
      if (unb64(secret.data?.[TOKEN_KEY]) !== token) {
        const written = await writeSecret(client, d, token, false, ctx.signal);
        d.secretResourceVersion = written.metadata.resourceVersion;
      }
      ctx.changed(`Secret ${d.namespace}/${d.secret}: ${TOKEN_KEY} holds the new token`);
      d.restartedAt = new Date().toISOString();
      const restarted = await restart(client, d, false, ctx.signal);
      d.deploymentResourceVersion = restarted.metadata.resourceVersion;
      ctx.changed(`Deployment ${d.namespace}/${d.deployment}: restarted`);
    } catch (err) {
      if (err instanceof ConflictError) throw err;
      throw new Error(`${errorMessage(err)}; ${resume}`);
    }
  },

  async verify(plan, ctx) {
    const d = plan.data;
    const client = await ctx.connections.kube(d.kube, ctx.signal);
    const token = storeOf(ctx)?.saved();
    const secret = await readSecret(client, d, ctx.signal);
    if (!token || unb64(secret.data?.[TOKEN_KEY]) !== token) return { ok: false, detail: `Secret ${d.secret} does not hold the saved token` };
    const rollout = await rolledOut(client, d.namespace, d.deployment, ctx.signal);
    if (!rollout.ok) return rollout;
    const pods = await client.list<{ metadata: { name: string } }>(`/api/v1/namespaces/${encodeURIComponent(d.namespace)}/pods`, { signal: ctx.signal });
    for (const p of pods.items.filter((x) => x.metadata.name.startsWith(`${d.deployment}-`))) {
      const log = await podLogTail(client, d.namespace, p.metadata.name, d.container, ctx.signal);
      if (REFUSED.test(log)) return { ok: false, detail: `pod ${p.metadata.name} still logs that GitLab refuses its token` };
    }
    const contact = await contactedSince(ctx, d);
    if (!contact.ok) return contact;
    return { ok: true, detail: `Secret ${d.secret} holds the new token; ${rollout.detail}; no restarted pod logs a 403; ${contact.detail}` };
  },
};
