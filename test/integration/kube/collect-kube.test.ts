import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { readerRules, startLabCluster, type LabCluster } from './lab-cluster';
import { seed000JobTokenExpired } from '../../../electron/core/demo-lab/scenarios/seed-000-job-token-expired';
import { seed002Kube } from '../../../electron/core/demo-lab/scenarios/seed-002-kube';
import { SEED_002_PAT } from '../../../electron/core/demo-lab/scenarios/seed-002-gitlab';
import { SEED_004_RUNNER_TOKEN, seed004OrphanedSecrets } from '../../../electron/core/demo-lab/scenarios/seed-004-orphaned-secrets';
import type { Scenario } from '../../../electron/core/demo-lab/world';
import { EvidenceStore } from '../../../electron/core/evidence/store';
import { collectKube, type KubeTarget } from '../../../electron/core/kube/collect-kube';
import { SECRET_FACTS_FIELD } from '../../../shared/secret-facts';
import type { ProgressSource } from '../../../shared/source-ids';
import { progressText, type SourceState } from '../../../electron/core/collect/progress';
import type { Message } from '../../../shared/messages';

type Any = Record<string, any>;

const NEWLINE_TOKEN = 'glrt-NewlineTokenValue123456';
/** A Helm-style token Secret whose value ends in a newline (`echo` instead of `echo -n`). */
const newlineSecret: Scenario = {
  id: 'test-token-newline',
  title: 'runner token Secret ending in a newline',
  seed: 'test',
  apply(world) {
    world.kube.objects.push({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'gitlab-runner-token', namespace: 'gitlab-runner' },
      type: 'Opaque',
      data: { 'runner-token': Buffer.from(`${NEWLINE_TOKEN}\n`).toString('base64'), 'runner-registration-token': '' },
    });
  },
};

let lab: LabCluster;
let store: EvidenceStore;
let progress: { source: string; state: SourceState; message: string }[];

const target = (namespace: string, context = 'lab'): KubeTarget => ({ kubeconfig: lab.kubeconfig, context, namespace });
const onProgress = (source: ProgressSource, state: SourceState, message: string | Message) => void progress.push({ source: source.id, state, message: progressText(message).message });
const evidence = (path: string) => readFile(join(store.root, 'evidence', path), 'utf8');

async function allText(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const texts = await Promise.all(entries.filter((e) => e.isFile()).map((e) => readFile(join(e.parentPath, e.name), 'utf8')));
  return texts.join('\n');
}

beforeAll(async () => {
  lab = await startLabCluster([seed000JobTokenExpired, seed002Kube, seed004OrphanedSecrets, newlineSecret]);
});

afterAll(async () => {
  await lab.stop();
});

beforeEach(async () => {
  store = await EvidenceStore.create();
  progress = [];
});

afterEach(async () => {
  lab.server.faults.failRequests = [];
  lab.server.faults.dropLogStreamsAfterBytes = null;
  lab.server.faults.dropLogPods = null;
  lab.server.faults.latencyMs = 0;
  lab.server.faults.logLatencyMs = 0;
  await store.dispose();
});

describe('collectKube against the lab API', () => {
  it('seed 002: finds the runner, its read-only ConfigMap mount and its config, and reads every log', async () => {
    await collectKube(target('gitlab-runner-002'), store, { onProgress });
    const base = 'kube/lab/gitlab-runner-002';
    const paths = store.files().map((f) => f.path.replace(`evidence/${base}/`, ''));
    expect(paths).toEqual(
      expect.arrayContaining([
        'pods.yaml',
        'deployments.yaml',
        'configmaps.yaml',
        'secrets.yaml',
        'events.yaml',
        'resourcequotas.yaml',
        'nodes.yaml',
        'access-reviews.yaml',
        'runner-managers.yaml',
        'configmaps/gitlab-runner-config/config.toml',
        'pods/gitlab-runner-5c8d9f7b6-k2l9p/gitlab-runner.log',
        'pods/gitlab-runner-5c8d9f7b6-m4n7q/gitlab-runner.log',
      ]),
    );
    expect(store.errors()).toEqual([]);
    const managers = parse(await evidence(`${base}/runner-managers.yaml`)).items;
    expect(managers[0]).toMatchObject({
      kind: 'RunnerManager',
      metadata: { name: 'gitlab-runner' },
      spec: { workload: { name: 'gitlab-runner', replicas: 2 } },
    });
    expect(managers[0].spec.config).toMatchObject({
      configPath: '/etc/gitlab-runner/config.toml',
      mode: 'read-only-configmap',
      writable: false,
      sourceName: 'gitlab-runner-config',
    });
    const file = (p: string) => store.files().find((f) => f.path.endsWith(p));
    expect(file('config.toml')?.kind).toBe('config-toml');
    expect(file('m4n7q/gitlab-runner.log')?.kind).toBe('runner-log');
    const log = await evidence(`${base}/pods/gitlab-runner-5c8d9f7b6-k2l9p/gitlab-runner.log`);
    expect(log).toContain("WARNING: Couldn't save new system ID on state file.");
    expect(log).toContain('CONFIGURATION: Long polling issues detected.');
    const events = parse(await evidence(`${base}/events.yaml`)).items.map((e: Any) => Date.parse(e.lastTimestamp));
    expect(events).toEqual([...events].sort((a, b) => a - b));
    expect(parse(await evidence(`${base}/nodes.yaml`)).items[0].status.conditions.map((c: Any) => c.type)).toEqual([
      'MemoryPressure',
      'DiskPressure',
      'PIDPressure',
      'Ready',
    ]);
    // The PAT is in the ConfigMap twice (data and last-applied-configuration): never in the store.
    expect(await allText(store.root)).not.toContain(SEED_002_PAT.slice(6));
    const states = progress.filter((p) => p.source === 'kube:lab/gitlab-runner-002/gitlab-runner-5c8d9f7b6-k2l9p').map((p) => p.state);
    expect(states[0]).toBe('pending');
    expect(states.at(-1)).toBe('done');
    expect(progress.at(-1)).toMatchObject({ source: 'kube:lab/gitlab-runner-002', state: 'done' });
  });

  it('seed 004: keeps Secrets as metadata only, finds job Secrets without a live owner, reads quota usage', async () => {
    await collectKube(target('gitlab-runner-004'), store, { onProgress });
    const base = 'kube/lab/gitlab-runner-004';
    const secrets = parse(await evidence(`${base}/secrets.yaml`)).items;
    expect(secrets).toHaveLength(100);
    for (const s of secrets) {
      expect(Object.keys(s).sort()).toEqual(['apiVersion', 'kind', 'metadata', SECRET_FACTS_FIELD, 'type'].sort());
    }
    const text = await allText(store.root);
    expect(text).not.toContain(SEED_004_RUNNER_TOKEN.slice(5));
    expect(text).not.toContain('.dockercfg:');
    expect(text).not.toContain('gitlab-ci-token:glcbt');
    const chart = secrets.find((s: Any) => s.metadata.name === 'ci-gitlab-runner');
    expect(chart.metadata.annotations).toBeUndefined();
    expect(chart[SECRET_FACTS_FIELD]).toEqual({
      dataKeys: ['runner-registration-token', 'runner-token'],
      tokenKeys: [{ key: 'runner-token', gitlabKind: 'runner-authentication-token' }],
    });
    const jobs = parse(await evidence(`${base}/runner-managers.yaml`)).items.find((i: Any) => i.kind === 'RunnerJobs');
    expect(jobs.spec.secrets).toHaveLength(99);
    expect(jobs.spec.secretsWithoutLiveOwner).toBe(96);
    expect(jobs.spec.pods).toHaveLength(3);
    const quota = parse(await evidence(`${base}/resourcequotas.yaml`)).items[0];
    expect(quota.status.used.secrets).toBe('100');
    expect(quota.status.hard.secrets).toBe('100');
    const managers = parse(await evidence(`${base}/runner-managers.yaml`)).items.filter((i: Any) => i.kind === 'RunnerManager');
    expect(managers[0].spec.config).toMatchObject({ mode: 'writable-copy', writable: true });
    expect(managers[0].spec.tokenSecrets).toEqual([{ name: 'ci-gitlab-runner', via: 'volume runner-secrets' }]);
    expect(await evidence(`${base}/pods/ci-gitlab-runner-6f9c7d8b5-w7x2z/gitlab-runner.log`)).toContain(
      'requested: secrets=1, used: secrets=100, limited: secrets=100',
    );
  });

  it('records that a token Secret ends in a newline as a fact, never the value', async () => {
    await collectKube(target('gitlab-runner'), store, { onProgress });
    const secrets = parse(await evidence('kube/lab/gitlab-runner/secrets.yaml')).items;
    const token = secrets.find((s: Any) => s.metadata.name === 'gitlab-runner-token');
    expect(token[SECRET_FACTS_FIELD].tokenKeys).toEqual([{ key: 'runner-token', endsWithNewline: true, gitlabKind: 'runner-authentication-token' }]);
    expect(await allText(store.root)).not.toContain(NEWLINE_TOKEN.slice(5));
    // seed 000: the restarted pod's previous instance is read too; the other has none, which is no error.
    expect(store.files().map((f) => f.path)).toContain(
      'evidence/kube/lab/gitlab-runner/pods/gitlab-runner-7d9f8c6b5-q8m3z/gitlab-runner.previous.log',
    );
    expect(store.errors()).toEqual([]);
  });

  it('with missing RBAC: says what is denied, writes the Role that grants it, collects the rest', async () => {
    const rules = readerRules('gitlab-runner-002').map((r) => ({
      ...r,
      resources: r.resources.filter((x) => x !== 'secrets' && x !== 'pods/log'),
    }));
    const context = await lab.addIdentity('no-secrets', { username: 'system:serviceaccount:gitlab-runner-002:doctor', rules });
    lab.server.requestLog.length = 0;
    await collectKube(target('gitlab-runner-002', context), store, { onProgress });
    const errors = store.errors().map((e) => e.message);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Not allowed to list secrets \(metadata only\) in gitlab-runner-002 \(optional; .*rbac-grant.yaml/),
        expect.stringMatching(/^Not allowed to read pod logs in gitlab-runner-002/),
        expect.stringMatching(/^Not allowed to list nodes in the cluster/),
      ]),
    );
    const grant = (await evidence('kube/no-secrets/gitlab-runner-002/rbac-grant.yaml')).split('---\n').map((d) => parse(d));
    const role = grant.find((d) => d.kind === 'Role');
    expect(role.rules).toEqual(
      expect.arrayContaining([
        { apiGroups: [''], resources: ['secrets'], verbs: ['list'] },
        { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
      ]),
    );
    expect(grant.find((d) => d.kind === 'RoleBinding').subjects).toEqual([
      { kind: 'ServiceAccount', name: 'doctor', namespace: 'gitlab-runner-002' },
    ]);
    expect(store.has('evidence/kube/no-secrets/gitlab-runner-002/pods.yaml')).toBe(true);
    expect(store.files().some((f) => f.path.endsWith('.log'))).toBe(false);
    // Denied reads were never attempted.
    expect(lab.server.requestLog.filter((r) => r === 'GET /api/v1/namespaces/gitlab-runner-002/secrets')).toEqual([]);
  });

  it('one failing pod does not stop the others; its error goes into the bundle', async () => {
    lab.server.faults.failRequests = [
      {
        match: /gitlab-runner-5c8d9f7b6-k2l9p\/log/,
        code: 500,
        message: 'kubelet is unreachable: dial tcp 10.20.31.17:10250: i/o timeout',
      },
    ];
    await collectKube(target('gitlab-runner-002'), store, { onProgress });
    expect(store.errors()).toEqual([
      {
        source: 'kube:lab/gitlab-runner-002/gitlab-runner-5c8d9f7b6-k2l9p',
        message:
          'Cannot read log of gitlab-runner-5c8d9f7b6-k2l9p/gitlab-runner: HTTP 500: kubelet is unreachable: dial tcp 10.20.31.17:10250: i/o timeout',
        text: expect.objectContaining({ key: 'kube.cannotReadLog' }),
      },
    ]);
    expect(store.has('evidence/kube/lab/gitlab-runner-002/pods/gitlab-runner-5c8d9f7b6-m4n7q/gitlab-runner.log')).toBe(true);
    const last = (pod: string) => progress.filter((p) => p.source.endsWith(pod)).at(-1)?.state;
    expect(last('k2l9p')).toBe('failed');
    expect(last('m4n7q')).toBe('done');
  });

  it('keeps the part of a log that arrived before the stream dropped, with a marker and an error', async () => {
    lab.server.faults.dropLogStreamsAfterBytes = 300;
    lab.server.faults.dropLogPods = /m4n7q/;
    await collectKube(target('gitlab-runner-002'), store, { onProgress });
    const log = await evidence('kube/lab/gitlab-runner-002/pods/gitlab-runner-5c8d9f7b6-m4n7q/gitlab-runner.log');
    expect(log.startsWith('Runtime platform')).toBe(true);
    expect(log).toMatch(/\n\[runner-doctor: the log stream stopped after 300 bytes: .+\]\n$/);
    expect(store.errors()).toHaveLength(1);
    expect(store.errors()[0]?.message).toMatch(
      /^Log of gitlab-runner-5c8d9f7b6-m4n7q\/gitlab-runner stopped after 300 bytes: .+; the part received is kept$/,
    );
    const intact = await evidence('kube/lab/gitlab-runner-002/pods/gitlab-runner-5c8d9f7b6-k2l9p/gitlab-runner.log');
    expect(intact).not.toContain('[runner-doctor:');
  });

  it('applies the tail, since and byte limits to every log', async () => {
    await collectKube({ ...target('gitlab-runner-002'), logs: { tailLines: 3, limitBytes: 150 } }, store, { onProgress });
    const log = await evidence('kube/lab/gitlab-runner-002/pods/gitlab-runner-5c8d9f7b6-k2l9p/gitlab-runner.log');
    expect(Buffer.byteLength(log)).toBe(150);
    expect(log.startsWith('ERROR: Checking for jobs... forbidden')).toBe(true);
  });

  it('stops on cancel and reports the pods as cancelled', async () => {
    lab.server.faults.logLatencyMs = 2000;
    const controller = new AbortController();
    let cancelledAt = 0;
    // Cancel once a log read is in flight (not after a fixed delay, which a loaded machine outruns).
    const cancelDuringLogs = (source: ProgressSource, state: SourceState, message: string | Message) => {
      onProgress(source, state, message);
      if (!cancelledAt && progressText(message).message.startsWith('Reading ') && source.part !== undefined) {
        cancelledAt = Date.now();
        setTimeout(() => controller.abort(), 50);
      }
    };
    const run = collectKube(target('gitlab-runner-002'), store, { onProgress: cancelDuringLogs, signal: controller.signal });
    await expect(run).rejects.toMatchObject({ name: expect.stringMatching(/CancelledError|AbortError/) });
    expect(cancelledAt).toBeGreaterThan(0);
    expect(Date.now() - cancelledAt).toBeLessThan(1500);
    expect(progress.some((p) => p.state === 'cancelled')).toBe(true);
    expect(store.files().some((f) => f.path.endsWith('.log'))).toBe(false);
  });

  it('fails clearly when the cluster cannot be reached', async () => {
    lab.server.faults.failRequests = [
      { match: /^GET \/version/, code: 503, message: 'the server is currently unable to handle the request' },
    ];
    await expect(collectKube(target('gitlab-runner'), store, { onProgress })).rejects.toThrow(
      `Cannot reach the cluster of context lab at ${lab.server.url}: HTTP 503: the server is currently unable to handle the request`,
    );
  });
});
