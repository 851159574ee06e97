import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiException, CoreV1Api, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { startLabCluster, type LabCluster } from './lab-cluster';
import { seed000JobTokenExpired } from '../../../electron/core/demo-lab/scenarios/seed-000-job-token-expired';
import { clientNodeConfig } from '../../helpers/kube/client-node-config';

let lab: LabCluster;

beforeAll(async () => {
  lab = await startLabCluster([seed000JobTokenExpired]);
});

afterAll(async () => {
  await lab.stop();
});

describe('@kubernetes/client-node against the lab API', () => {
  it('lists, dry-run patches with an explicit merge-patch content type, and gets real errors', async () => {
    const core = (await clientNodeConfig(lab.kubeconfig, 'lab')).makeApiClient(CoreV1Api);
    const pods = await core.listNamespacedPod({ namespace: 'gitlab-runner' });
    expect(pods.items.map((p) => p.metadata?.name)).toEqual(['gitlab-runner-7d9f8c6b5-q8m3z', 'gitlab-runner-7d9f8c6b5-x2k4p']);
    const patched = await core.patchNamespacedConfigMap(
      { name: 'gitlab-runner', namespace: 'gitlab-runner', body: { data: { probe: 'x' } }, dryRun: 'All' },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(patched.data?.probe).toBe('x');
    expect((await core.readNamespacedConfigMap({ name: 'gitlab-runner', namespace: 'gitlab-runner' })).data?.probe).toBeUndefined();
    await lab.addIdentity('pods-only', { username: 'ci-bot', rules: [{ verbs: ['list'], apiGroups: [''], resources: ['pods'] }] });
    const limited = (await clientNodeConfig(lab.kubeconfig, 'pods-only')).makeApiClient(CoreV1Api);
    const err = await limited.listNamespacedSecret({ namespace: 'gitlab-runner' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiException);
    const refused = err as InstanceType<typeof ApiException<unknown>>;
    expect(refused.code).toBe(403);
    expect(JSON.parse(String(refused.body))).toMatchObject({
      kind: 'Status',
      reason: 'Forbidden',
      message: 'secrets is forbidden: User "ci-bot" cannot list resource "secrets" in API group "" in the namespace "gitlab-runner"',
    });
  });
});
