import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoLab, type DemoLab } from '../../../electron/core/demo-lab/lab';
import { fixEnv, labObject, labSources } from '../../helpers/fix-lab';
import { runCli } from '../../helpers/run-cli';

// `runner-doctor fix runner-token-invalid` end to end with the built CLI, where the runner reads
// its token from config.toml in a ConfigMap. The scenario is made the way a user's cluster gets
// there, through the lab's APIs: a runner created in GitLab, its token reset (the old one dies),
// and raw manifests (a ConfigMap with the dead token, a Deployment mounting it) applied to the
// cluster, whose pods then log 403s.
const NS = 'runners-raw';
const NAME = 'raw-manifest-runner';
let lab: DemoLab;
let dir: string;
let agent: Agent;
let kube: { url: string; token: string };
let runnerId: number;
let deadToken: string;
let original: string;

async function call(base: string, token: string, method: 'GET' | 'POST', path: string, body?: unknown, type = 'application/json'): Promise<Record<string, unknown>> {
  const res = await request(base + path, {
    method,
    dispatcher: agent,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': type } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const json = (await res.body.json()) as Record<string, unknown>;
  if (res.statusCode >= 300) throw new Error(`${method} ${path}: ${res.statusCode} ${JSON.stringify(json)}`);
  return json;
}
const gitlab = (method: 'GET' | 'POST', path: string, body?: unknown) => call(lab.gitlab.url, lab.gitlab.token, method, `/api/v4${path}`, body);
const kubeApi = (path: string, body: unknown) => call(kube.url, kube.token, 'POST', path, body);

const configToml = (url: string, id: number, token: string) => `# Raw manifests: the runner reads this file straight from its ConfigMap.
concurrent = 4
check_interval = 3

[[runners]]
  name = "${NAME}"
  url = "${url}"
  id = ${id}
  token = "${token}"
  token_obtained_at = 2026-01-01T00:00:00Z
  token_expires_at = 0001-01-01T00:00:00Z
  executor = "kubernetes"   # jobs run as pods in the same namespace
  [runners.kubernetes]
    namespace = "${NS}"
    image = "alpine:3.20"
`;

beforeAll(async () => {
  lab = await startDemoLab({ scenarios: [] });
  dir = await mkdtemp(join(tmpdir(), 'rd-fix-rotate-cm-cli-'));
  const ca = await readFile(lab.gitlab.caFile, 'utf8');
  agent = new Agent({ connect: { ca } });
  const config = parse(await readFile(lab.kubeconfigPath, 'utf8')) as { clusters: { cluster: { server: string } }[]; users: { user: { token: string } }[] };
  kube = { url: config.clusters[0]!.cluster.server, token: config.users[0]!.user.token };

  // GitLab: a runner is created, then its token is reset by someone else; the first token is dead.
  const created = await gitlab('POST', '/user/runners', { runner_type: 'instance_type', description: NAME });
  runnerId = created.id as number;
  deadToken = created.token as string;
  await gitlab('POST', `/runners/${runnerId}/reset_authentication_token`);

  // Kubernetes: the raw manifests still carry the first token.
  original = configToml(lab.gitlab.url, runnerId, deadToken);
  await kubeApi('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  await kubeApi(`/api/v1/namespaces/${NS}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${NAME}-config` }, data: { 'config.toml': original } });
  await kubeApi(`/apis/apps/v1/namespaces/${NS}/deployments`, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: NAME },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: NAME } },
      template: {
        metadata: { labels: { app: NAME } },
        spec: {
          containers: [{ name: 'gitlab-runner', image: 'gitlab/gitlab-runner:v18.3.0', args: ['run', '--config', '/configmaps/config.toml'], volumeMounts: [{ name: 'config', mountPath: '/configmaps' }] }],
          volumes: [{ name: 'config', configMap: { name: `${NAME}-config` } }],
        },
      },
    },
  });
}, 60_000);
afterAll(async () => {
  await agent?.close();
  await lab?.stop();
  await rm(dir, { recursive: true, force: true });
});

const sources = () => labSources(lab, NS);
const env = () => fixEnv(dir, lab.gitlab.token);
const configMap = () => labObject<{ data: Record<string, string>; metadata: { resourceVersion: string } }>(lab, 'ConfigMap', NS, `${NAME}-config`);
const deployment = () => labObject<{ spec: { template: { metadata: { annotations?: Record<string, string> } } } }>(lab, 'Deployment', NS);
const pods = () => lab.world.kube.objects.filter((o) => o.kind === 'Pod' && o.metadata.namespace === NS).map((o) => o.metadata.name);
const runner = () => lab.world.gitlab.runners.find((r) => r.id === runnerId)!;
const last4 = (t: string) => t.slice(-4);
const tokenKeys = /^\s*token(?:_obtained_at|_expires_at)? = .*$/;
const outside = (t: string) => t.split('\n').filter((l) => !tokenKeys.test(l)).join('\n');
type Collected = { findings: { id: string; fixes: { id: string }[] }[] };

describe('runner-doctor fix runner-token-invalid: rotation into a ConfigMap config.toml, end to end', () => {
  const tokenFile = () => join(dir, 'new-runner-token');

  it('collect finds the rejected token, with rotate-runner-token as its fix', async () => {
    const r = await runCli(['collect', ...sources(), '--out', join(dir, 'before.zip'), '--json'], { env: env() });
    expect(r.code).toBe(1);
    const finding = (JSON.parse(r.stdout) as Collected).findings.find((f) => f.id === 'runner-token-invalid');
    expect(finding?.fixes.map((f) => f.id)).toContain('rotate-runner-token');
  });

  it('--plan writes nothing and shows tokens only as type and last 4 characters', async () => {
    const before = { cm: configMap().metadata.resourceVersion, token: runner().token, pods: pods() };
    const r = await runCli(['fix', 'runner-token-invalid', '--plan', ...sources()], { env: env() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Rotate runner ${runnerId}'s token`);
    expect(r.stdout).toContain(`POST /api/v4/runners/${runnerId}/reset_authentication_token`);
    expect(r.stdout).toContain(`give it to ConfigMap ${NS}/${NAME}-config (config.toml), [[runners]] "${NAME}"`);
    expect(r.stdout).toContain(`runner authentication token (glrt-) …${last4(deadToken)}`);
    expect(r.stdout).toContain(`restart Deployment ${NS}/${NAME}`);
    expect(r.stdout).not.toContain(deadToken);
    expect(r.stdout).not.toContain(runner().token);
    expect(r.stdout).toContain('Nothing was changed.');
    expect({ cm: configMap().metadata.resourceVersion, token: runner().token, pods: pods() }).toEqual(before);
    expect(lab.requests.gitlab().filter((x) => x.startsWith('POST') && x.includes('reset_authentication_token'))).toHaveLength(1);
  });

  it('--apply --yes --token-file saves the token 0600, edits only the token keys, restarts the Deployment, verifies, and the finding is gone', async () => {
    const oldPods = pods();
    const r = await runCli(['fix', 'runner-token-invalid', '--apply', '--yes', '--token-file', tokenFile(), ...sources()], { env: env(), timeoutMs: 180_000 });
    expect(r.stdout).toMatch(/APPLIED rotate-runner-token:.*applied and verified: /);
    expect(r.stdout).toContain(`A fresh collection no longer shows runner-token-invalid`);
    expect(r.code).toBe(0);

    const saved = (await readFile(tokenFile(), 'utf8')).trim();
    expect((await stat(tokenFile())).mode & 0o777).toBe(0o600);
    expect(saved).toMatch(/^glrt-/);
    expect(runner().token).toBe(saved);

    const after = configMap().data['config.toml']!;
    expect(after).toContain(`  token = "${saved}"`);
    expect(after).not.toContain(deadToken);
    expect(Buffer.from(outside(after))).toEqual(Buffer.from(outside(original)));

    expect(deployment().spec.template.metadata.annotations?.['kubectl.kubernetes.io/restartedAt']).toBeTruthy();
    expect(pods().some((p) => oldPods.includes(p))).toBe(false);

    const audit = await readFile(join(dir, 'config', 'audit.jsonl'), 'utf8');
    expect(audit).toContain('"fixId":"rotate-runner-token"');
    expect(audit).toMatch(/"step":"verify","result":"ok"/);
    expect(audit).not.toContain(saved);
    expect(audit).not.toContain(deadToken);
    expect(r.stdout + r.stderr).not.toContain(saved);
  });

  it('a fresh collect no longer shows the finding, and GitLab saw the runner', async () => {
    const r = await runCli(['collect', ...sources(), '--out', join(dir, 'after.zip'), '--json'], { env: env() });
    expect((JSON.parse(r.stdout) as Collected).findings.map((f) => f.id)).not.toContain('runner-token-invalid');
    expect(runner().contacted_at).toBeTruthy();
  });
});
