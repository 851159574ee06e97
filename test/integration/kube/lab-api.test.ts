import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, request } from 'undici';
import { startLabCluster, type LabCluster } from './lab-cluster';
import { seed000JobTokenExpired } from '../../../electron/core/demo-lab/scenarios/seed-000-job-token-expired';
import { seed002Kube } from '../../../electron/core/demo-lab/scenarios/seed-002-kube';
import { seed004OrphanedSecrets } from '../../../electron/core/demo-lab/scenarios/seed-004-orphaned-secrets';

let lab: LabCluster;
let agent: Agent;
let readerToken: string;

type Any = Record<string, any>;

async function call(method: string, path: string, opts: { body?: unknown; type?: string; accept?: string; token?: string | null } = {}) {
  const token = opts.token === undefined ? lab.adminToken : opts.token;
  const res = await request(lab.server.url + path, {
    method: method as 'GET',
    dispatcher: agent,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(opts.accept ? { accept: opts.accept } : {}),
      ...(opts.body !== undefined ? { 'content-type': opts.type ?? 'application/json' } : {}),
    },
    ...(opts.body !== undefined ? { body: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) } : {}),
  });
  const text = await res.body.text();
  let json: Any = {};
  try {
    json = JSON.parse(text) as Any;
  } catch {
    // logs are text
  }
  return { status: res.statusCode, json, text };
}

beforeAll(async () => {
  lab = await startLabCluster([seed000JobTokenExpired, seed002Kube, seed004OrphanedSecrets]);
  agent = new Agent({ connect: { ca: lab.tls.caPem } });
  await lab.addIdentity('reader', {
    username: 'system:serviceaccount:gitlab-runner:reader',
    rules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'], namespace: 'gitlab-runner' }],
  });
  readerToken = [...(lab.world.kube.identities?.keys() ?? [])][0] as string;
});

afterAll(async () => {
  await agent.close();
  await lab.stop();
});

describe('lab Kubernetes API: auth, discovery and errors', () => {
  it('serves /version anonymously and answers 401 with a Status body otherwise', async () => {
    expect((await call('GET', '/version', { token: null })).json.gitVersion).toBe('v1.30.4');
    const res = await call('GET', '/api/v1/namespaces/gitlab-runner/pods', { token: 'wrong' });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    });
  });

  it('serves legacy discovery with subresources', async () => {
    const core = await call('GET', '/api/v1');
    expect(core.json.resources.map((r: Any) => r.name)).toEqual(
      expect.arrayContaining(['pods', 'pods/log', 'secrets', 'resourcequotas', 'namespaces']),
    );
    expect((await call('GET', '/apis')).json.groups.map((g: Any) => g.name)).toEqual([
      'apps',
      'authorization.k8s.io',
      'authentication.k8s.io',
    ]);
  });

  it('answers 403 and 404 with the API server’s messages', async () => {
    const denied = await call('GET', '/api/v1/namespaces/gitlab-runner/secrets', { token: readerToken });
    expect(denied.status).toBe(403);
    expect(denied.json).toMatchObject({
      kind: 'Status',
      reason: 'Forbidden',
      code: 403,
      message:
        'secrets is forbidden: User "system:serviceaccount:gitlab-runner:reader" cannot list resource "secrets" in API group "" in the namespace "gitlab-runner"',
      details: { kind: 'secrets' },
    });
    const other = await call('GET', '/api/v1/namespaces/gitlab-runner-002/pods', { token: readerToken });
    expect(other.json.message).toContain('in the namespace "gitlab-runner-002"');
    const missing = await call('GET', '/apis/apps/v1/namespaces/gitlab-runner/deployments/nope');
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({
      reason: 'NotFound',
      message: 'deployments.apps "nope" not found',
      details: { name: 'nope', group: 'apps', kind: 'deployments' },
    });
  });

  it('answers SelfSubjectAccessReview and SelfSubjectReview from the caller’s rules', async () => {
    const review = (token: string, resource: string) =>
      call('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
        token,
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: { resourceAttributes: { namespace: 'gitlab-runner', verb: 'list', resource } },
        },
      });
    expect((await review(readerToken, 'pods')).json.status.allowed).toBe(true);
    expect((await review(readerToken, 'secrets')).json.status).toEqual({ allowed: false });
    expect((await review(lab.adminToken, 'secrets')).json.status.allowed).toBe(true);
    const who = await call('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { token: readerToken, body: {} });
    expect(who.json.status.userInfo.username).toBe('system:serviceaccount:gitlab-runner:reader');
  });
});

describe('lab Kubernetes API: lists', () => {
  it('lists without kind on items, filters by label and field selectors, rejects unknown fields', async () => {
    const pods = await call('GET', '/api/v1/namespaces/gitlab-runner-004/pods?labelSelector=project.runner.gitlab.com%2Fid%3D7');
    expect(pods.json.kind).toBe('PodList');
    expect(pods.json.items).toHaveLength(3);
    expect(pods.json.items[0].kind).toBeUndefined();
    expect(Number(pods.json.metadata.resourceVersion)).toBeGreaterThan(1000);
    const dockercfg = await call('GET', '/api/v1/namespaces/gitlab-runner-004/secrets?fieldSelector=type%3Dkubernetes.io%2Fdockercfg');
    expect(dockercfg.json.items).toHaveLength(99);
    const bad = await call('GET', '/api/v1/namespaces/gitlab-runner-004/pods?fieldSelector=spec.image%3Dx');
    expect(bad.status).toBe(400);
    expect(bad.json.message).toBe('field label not supported: spec.image');
  });

  it('pages with limit and continue', async () => {
    const names: string[] = [];
    let next = '';
    let pages = 0;
    do {
      const page = await call(
        'GET',
        `/api/v1/namespaces/gitlab-runner-004/secrets?limit=40${next ? `&continue=${encodeURIComponent(next)}` : ''}`,
      );
      names.push(...page.json.items.map((i: Any) => i.metadata.name));
      next = page.json.metadata.continue ?? '';
      pages++;
    } while (next);
    expect(pages).toBe(3);
    expect(new Set(names).size).toBe(100);
  });

  it('computes quota usage from the live objects', async () => {
    const quota = await call('GET', '/api/v1/namespaces/gitlab-runner-004/resourcequotas/all-resources');
    expect(quota.json.status.used).toMatchObject({ secrets: '100', pods: '4' });
  });
});

describe('lab Kubernetes API: writes', () => {
  const cm = '/api/v1/namespaces/gitlab-runner/configmaps/gitlab-runner';

  it('runs dry runs through every check without storing', async () => {
    const before = await call('GET', cm);
    const dry = await call('PATCH', `${cm}?dryRun=All`, { type: 'application/merge-patch+json', body: { data: { extra: 'x' } } });
    expect(dry.status).toBe(200);
    expect(dry.json.data.extra).toBe('x');
    const after = await call('GET', cm);
    expect(after.json.data.extra).toBeUndefined();
    expect(after.json.metadata.resourceVersion).toBe(before.json.metadata.resourceVersion);
    const del = await call('DELETE', '/api/v1/namespaces/gitlab-runner-004/secrets/ci-gitlab-runner?dryRun=All');
    expect(del.status).toBe(200);
    expect((await call('GET', '/api/v1/namespaces/gitlab-runner-004/secrets/ci-gitlab-runner')).status).toBe(200);
    expect((await call('PATCH', `${cm}?dryRun=Some`, { type: 'application/merge-patch+json', body: {} })).status).toBe(400);
  });

  it('refuses a stale resourceVersion with 409 and accepts the current one', async () => {
    const current = (await call('GET', cm)).json;
    const ok = await call('PATCH', cm, {
      type: 'application/merge-patch+json',
      body: { metadata: { resourceVersion: current.metadata.resourceVersion }, data: { stamp: '1' } },
    });
    expect(ok.status).toBe(200);
    expect(ok.json.metadata.resourceVersion).not.toBe(current.metadata.resourceVersion);
    const stale = await call('PUT', cm, { body: { ...current, data: { stamp: '2' } } });
    expect(stale.status).toBe(409);
    expect(stale.json).toMatchObject({
      reason: 'Conflict',
      message:
        'Operation cannot be fulfilled on configmaps "gitlab-runner": the object has been modified; please apply your changes to the latest version and try again',
    });
    const testOp = await call('PATCH', cm, {
      type: 'application/json-patch+json',
      body: [
        { op: 'test', path: '/metadata/resourceVersion', value: current.metadata.resourceVersion },
        { op: 'remove', path: '/data/stamp' },
      ],
    });
    expect(testOp.status).toBe(422);
  });

  it('merges Deployment containers and volumes by name with a strategic merge patch', async () => {
    const path = '/apis/apps/v1/namespaces/gitlab-runner-002/deployments/gitlab-runner';
    const res = await call('PATCH', `${path}?dryRun=All`, {
      type: 'application/strategic-merge-patch+json',
      body: {
        spec: {
          template: {
            spec: {
              containers: [{ name: 'gitlab-runner', volumeMounts: [{ name: 'home', mountPath: '/home/gitlab-runner' }] }],
              volumes: [{ name: 'home', emptyDir: {} }],
            },
          },
        },
      },
    });
    const spec = res.json.spec.template.spec;
    expect(spec.containers[0].image).toBe('gitlab/gitlab-runner:alpine-v18.3.0');
    expect(spec.containers[0].volumeMounts.map((m: Any) => m.mountPath)).toEqual(['/etc/gitlab-runner', '/home/gitlab-runner']);
    expect(spec.volumes.map((v: Any) => v.name)).toEqual(['config', 'home']);
    expect(res.json.metadata.generation).toBe(5);
  });

  it('enforces the Secret quota on create with the real message, dry run included', async () => {
    const body = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { generateName: 'runner-z36gywsvq-project-7-concurrent-3-' },
      type: 'kubernetes.io/dockercfg',
      stringData: { '.dockercfg': '{}' },
    };
    for (const q of ['', '?dryRun=All']) {
      const res = await call('POST', `/api/v1/namespaces/gitlab-runner-004/secrets${q}`, { body });
      expect(res.status).toBe(403);
      expect(res.json.message).toMatch(
        /^secrets "runner-z36gywsvq-project-7-concurrent-3-[a-z0-9]{5}" is forbidden: exceeded quota: all-resources, requested: secrets=1, used: secrets=100, limited: secrets=100$/,
      );
    }
  });

  it('deletes with preconditions and garbage-collects dependents by owner uid', async () => {
    const pods = (await call('GET', '/api/v1/namespaces/gitlab-runner-004/pods?labelSelector=project.runner.gitlab.com%2Fid%3D7')).json
      .items;
    const victim = pods[0];
    const wrong = await call('DELETE', `/api/v1/namespaces/gitlab-runner-004/pods/${victim.metadata.name}`, {
      body: { preconditions: { uid: 'not-it' } },
    });
    expect(wrong.status).toBe(409);
    expect(wrong.json.message).toContain('Precondition failed: UID in precondition: not-it');
    const ok = await call('DELETE', `/api/v1/namespaces/gitlab-runner-004/pods/${victim.metadata.name}`, {
      body: { preconditions: { uid: victim.metadata.uid, resourceVersion: victim.metadata.resourceVersion } },
    });
    expect(ok.status).toBe(200);
    const owned = (await call('GET', '/api/v1/namespaces/gitlab-runner-004/secrets')).json.items.filter((s: Any) =>
      (s.metadata.ownerReferences ?? []).some((r: Any) => r.uid === victim.metadata.uid),
    );
    expect(owned).toEqual([]);
    const created = await call('POST', '/api/v1/namespaces/gitlab-runner-004/secrets', {
      body: { metadata: { name: 'now-fits' }, stringData: { a: 'b' } },
    });
    expect(created.status).toBe(201);
    expect(created.json.data).toEqual({ a: Buffer.from('b').toString('base64') });
    expect(created.json.stringData).toBeUndefined();
  });
});

describe('lab Kubernetes API: logs', () => {
  const log = (q: string) => call('GET', `/api/v1/namespaces/gitlab-runner-002/pods/gitlab-runner-5c8d9f7b6-k2l9p/log${q}`);

  it('applies tailLines, limitBytes, sinceSeconds and timestamps', async () => {
    const all = (await log('')).text.split('\n').filter(Boolean);
    expect(all[0]).toMatch(/^Runtime platform/);
    expect((await log('?tailLines=2')).text.split('\n').filter(Boolean)).toEqual(all.slice(-2));
    expect((await log('?limitBytes=10')).text).toBe(all[0]?.slice(0, 10));
    const recent = (await log('?sinceSeconds=1200')).text.split('\n').filter(Boolean);
    expect(recent.length).toBeGreaterThan(0);
    expect(recent.length).toBeLessThan(all.length);
    expect(recent.every((l) => l.startsWith('ERROR: Checking for jobs... forbidden'))).toBe(true);
    expect((await log('?tailLines=1&timestamps=true')).text).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z ERROR: Checking for jobs/);
    expect((await log('?limitBytes=0')).status).toBe(422);
  });

  it('answers the kubelet’s 400s: previous without a restart, ambiguous or unknown container', async () => {
    const prev = await log('?previous=true');
    expect(prev.status).toBe(400);
    expect(prev.json.message).toBe('previous terminated container "gitlab-runner" in pod "gitlab-runner-5c8d9f7b6-k2l9p" not found');
    const jobPod = (await call('GET', '/api/v1/namespaces/gitlab-runner-004/pods?labelSelector=project.runner.gitlab.com%2Fid%3D7')).json
      .items[0].metadata.name;
    const ambiguous = await call('GET', `/api/v1/namespaces/gitlab-runner-004/pods/${jobPod}/log`);
    expect(ambiguous.json.message).toBe(
      `a container name must be specified for pod ${jobPod}, choose one of: [build helper] or one of the init containers: [init-permissions]`,
    );
    expect((await call('GET', `/api/v1/namespaces/gitlab-runner-004/pods/${jobPod}/log?container=nope`)).json.message).toBe(
      `container nope is not valid for pod ${jobPod}`,
    );
  });

  it('follows a running container until the client leaves', async () => {
    const key = 'gitlab-runner-002/gitlab-runner-5c8d9f7b6-m4n7q/gitlab-runner';
    const res = await request(
      `${lab.server.url}/api/v1/namespaces/gitlab-runner-002/pods/gitlab-runner-5c8d9f7b6-m4n7q/log?follow=true&tailLines=0`,
      {
        dispatcher: agent,
        headers: { authorization: `Bearer ${lab.adminToken}` },
      },
    );
    const chunks: string[] = [];
    const got = new Promise<void>((resolve) => {
      res.body.on('data', (d: Buffer) => {
        chunks.push(d.toString());
        if (chunks.join('').includes('later line')) resolve();
      });
    });
    await new Promise((r) => setTimeout(r, 50));
    lab.server.appendLog(key, `${new Date().toISOString()} later line\n`);
    await got;
    expect(chunks.join('')).toBe('later line\n');
    res.body.destroy();
  });

  it('has fault switches: latency and dropped log streams', async () => {
    lab.server.faults.logLatencyMs = 150;
    const started = Date.now();
    await log('?tailLines=1');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    lab.server.faults.logLatencyMs = 0;
    lab.server.faults.dropLogStreamsAfterBytes = 100;
    try {
      await expect(log('')).rejects.toThrow();
    } finally {
      lab.server.faults.dropLogStreamsAfterBytes = null;
    }
  });
});
