import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { readerRules, startLabCluster, type LabCluster } from './lab-cluster';
import { seed000JobTokenExpired } from '../../../electron/core/demo-lab/scenarios/seed-000-job-token-expired';
import { seed002Kube } from '../../../electron/core/demo-lab/scenarios/seed-002-kube';
import { seed004OrphanedSecrets } from '../../../electron/core/demo-lab/scenarios/seed-004-orphaned-secrets';
import { EvidenceStore } from '../../../electron/core/evidence/store';
import { collectAll } from '../../../electron/core/collect/collect';
import { progressSource, type ProgressSource } from '../../../shared/source-ids';
import { collectKube } from '../../../electron/core/kube/collect-kube';
import { Semaphore } from '../../../electron/core/kube/semaphore';
import { checkContext, listContexts, listNamespaces } from '../../../electron/core/kube/contexts';
import { memoryApprovalStore } from '../../../electron/core/kube/exec-approval';

let east: LabCluster;
let west: LabCluster;
let fleetConfig: string;

beforeAll(async () => {
  east = await startLabCluster([seed000JobTokenExpired, seed002Kube]);
  west = await startLabCluster([seed004OrphanedSecrets]);
  fleetConfig = join(east.dir, 'fleet-kubeconfig');
  const ca = Buffer.from(east.tls.caPem).toString('base64');
  await writeFile(
    fleetConfig,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'east',
      clusters: [
        { name: 'east', cluster: { server: east.server.url, 'certificate-authority-data': ca } },
        { name: 'west', cluster: { server: west.server.url, 'certificate-authority-data': ca } },
        // Nothing listens here: a cluster that is down.
        { name: 'dead', cluster: { server: 'https://127.0.0.1:9', 'certificate-authority-data': ca } },
        // The lab's certificate without the lab's CA: not trusted.
        { name: 'untrusted', cluster: { server: east.server.url } },
      ],
      users: [
        { name: 'east-admin', user: { token: east.adminToken } },
        { name: 'west-admin', user: { token: west.adminToken } },
        { name: 'expired-token', user: { token: 'no-longer-valid' } },
      ],
      contexts: [
        { name: 'east', context: { cluster: 'east', user: 'east-admin', namespace: 'gitlab-runner' } },
        { name: 'west', context: { cluster: 'west', user: 'west-admin', namespace: 'gitlab-runner-004' } },
        { name: 'dead', context: { cluster: 'dead', user: 'east-admin' } },
        { name: 'untrusted', context: { cluster: 'untrusted', user: 'east-admin' } },
        { name: 'expired', context: { cluster: 'east', user: 'expired-token', namespace: 'gitlab-runner' } },
      ],
    }),
  );
});

afterAll(async () => {
  await east?.stop();
  await west?.stop();
});

describe('several contexts at once', () => {
  it('collects every reachable context in parallel; an unreachable one is reported, not fatal', async () => {
    const store = await EvidenceStore.create();
    const progress: string[] = [];
    let planned: ProgressSource[] = [];
    try {
      const outcome = await collectAll(
        {
          kube: [
            { kubeconfig: fleetConfig, context: 'east', namespace: 'gitlab-runner-002' },
            { kubeconfig: fleetConfig, context: 'west', namespace: 'gitlab-runner-004' },
            { kubeconfig: fleetConfig, context: 'dead', namespace: 'gitlab-runner' },
          ],
          files: [],
        },
        store,
        { onProgress: (source, state) => progress.push(`${source.id} ${state}`), onPlanned: (sources) => (planned = sources) },
      );
      expect(outcome).toEqual({ unreachable: ['kube:dead/gitlab-runner'], cancelled: false });
      // Announced once at the start, each typed as its progress rows are.
      expect(planned).toEqual(['east', 'gitlab-runner-002', 'west', 'gitlab-runner-004', 'dead', 'gitlab-runner'].flatMap((c, i, a) => (i % 2 ? [] : [progressSource({ kind: 'kube', context: c, namespace: a[i + 1]! })])));
      expect(store.errors()).toEqual([
        {
          source: 'kube:dead/gitlab-runner',
          message: expect.stringMatching(/^Cannot reach the cluster of context dead at https:\/\/127\.0\.0\.1:9: connection refused/),
          text: expect.objectContaining({ key: 'kube.cannotReach', params: expect.objectContaining({ context: 'dead' }) }),
        },
      ]);
      const paths = store.files().map((f) => f.path);
      expect(paths).toContain('evidence/kube/east/gitlab-runner-002/pods/gitlab-runner-5c8d9f7b6-k2l9p/gitlab-runner.log');
      expect(paths).toContain('evidence/kube/west/gitlab-runner-004/pods/ci-gitlab-runner-6f9c7d8b5-w7x2z/gitlab-runner.log');
      expect(progress).toEqual(
        expect.arrayContaining(['kube:east/gitlab-runner-002 done', 'kube:west/gitlab-runner-004 done', 'kube:dead/gitlab-runner failed']),
      );
    } finally {
      await store.dispose();
    }
  });

  it('keeps log streams within the shared budget across contexts', async () => {
    const store = await EvidenceStore.create();
    east.server.faults.logLatencyMs = 80;
    east.server.logStreams.peak = 0;
    const slots = new Semaphore(2);
    try {
      await Promise.all(
        ['gitlab-runner', 'gitlab-runner-002'].map((namespace) =>
          collectKube({ kubeconfig: fleetConfig, context: 'east', namespace }, store, {
            onProgress: () => undefined,
            concurrency: 8,
            logSlots: slots,
          }),
        ),
      );
      expect(store.files().filter((f) => f.path.endsWith('.log'))).toHaveLength(5);
      expect(east.server.logStreams.peak).toBe(2);
    } finally {
      east.server.faults.logLatencyMs = 0;
      await store.dispose();
    }
  });
});

describe('what the wizard calls', () => {
  it('lists contexts and namespaces, falling back to the context namespace when listing is forbidden', async () => {
    const contexts = await listContexts(fleetConfig, { approvals: memoryApprovalStore() });
    expect(contexts.current).toBe('east');
    expect(contexts.contexts.map((c) => [c.name, c.namespace ?? ''])).toEqual([
      ['east', 'gitlab-runner'],
      ['west', 'gitlab-runner-004'],
      ['dead', ''],
      ['untrusted', ''],
      ['expired', 'gitlab-runner'],
    ]);
    expect(await listNamespaces(fleetConfig, 'east')).toEqual({ namespaces: ['gitlab-runner', 'gitlab-runner-002'], source: 'cluster' });
    const reader = await east.addIdentity(
      'reader',
      { username: 'jane@example.com', rules: readerRules('gitlab-runner-002') },
      'gitlab-runner-002',
    );
    const limited = await listNamespaces(east.kubeconfig, reader);
    expect(limited).toMatchObject({ namespaces: ['gitlab-runner-002'], source: 'context' });
    expect(limited.note).toContain('Not allowed to list namespaces');
  });

  it('checks connectivity and permissions, and shows the Role/RoleBinding that would grant what is missing', async () => {
    const ok = await checkContext(fleetConfig, 'east', 'gitlab-runner-002');
    expect(ok.version).toBe('v1.30.4');
    expect(ok.access?.results.every((r) => r.allowed)).toBe(true);
    expect(ok.grant).toBeUndefined();
    const reader = await east.addIdentity(
      'collector',
      { username: 'jane@example.com', rules: readerRules('gitlab-runner-002') },
      'gitlab-runner-002',
    );
    const limited = await checkContext(east.kubeconfig, reader, undefined);
    const denied = limited.access?.results.filter((r) => !r.allowed).map((r) => r.permission.id);
    // Only writes of fixes that run today are asked for (patch secrets: rotate-runner-token).
    expect(denied).toEqual(['list-nodes', 'list-namespaces', 'patch-configmaps', 'patch-secrets', 'delete-secrets', 'patch-deployments']);
    const docs = (limited.grant ?? '').split('---\n').map((d) => parse(d));
    expect(docs.map((d) => d.kind)).toEqual(['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding']);
    expect(docs[0].metadata).toEqual({ name: 'runner-doctor', namespace: 'gitlab-runner-002' });
    expect(docs[1].subjects).toEqual([{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'jane@example.com' }]);
    const dead = await checkContext(fleetConfig, 'dead', undefined, { timeoutMs: 3000 });
    expect(dead.error).toMatch(/^Cannot reach https:\/\/127\.0\.0\.1:9: connection refused/);
  });

  it('names an untrusted certificate and rejected credentials in words a user can act on', async () => {
    const untrusted = await checkContext(fleetConfig, 'untrusted', undefined);
    expect(untrusted.error).toMatch(/^Cannot reach https:\/\/127\.0\.0\.1:\d+: the server certificate is signed by an unknown authority/);
    const store = await EvidenceStore.create();
    try {
      await expect(
        collectKube({ kubeconfig: fleetConfig, context: 'expired', namespace: 'gitlab-runner' }, store, { onProgress: () => undefined }),
      ).rejects.toThrow(
        // Like a real API server, the lab refuses a bad token on /version too: the first call names it.
        /^The cluster of context expired at https:\/\/127\.0\.0\.1:\d+ refused the credentials: HTTP 401: Unauthorized \(the cluster rejected the credentials: the token may have expired; log in again\)$/,
      );
    } finally {
      await store.dispose();
    }
  });
});
