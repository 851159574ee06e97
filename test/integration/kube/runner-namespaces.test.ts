import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed000JobTokenExpired } from '../../../electron/core/demo-lab/scenarios/seed-000-job-token-expired';
import { findRunnerNamespaces } from '../../../electron/core/kube/contexts';
import { startLabCluster, type LabCluster } from './lab-cluster';

// --all-namespaces: the namespaces holding runner managers, among those the user may list.
let lab: LabCluster;

const namespace = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name }, status: { phase: 'Active' } });
const pod = (ns: string, name: string, image: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: ns, labels },
  spec: { containers: [{ name: 'main', image }] },
  status: { phase: 'Running' },
});

beforeAll(async () => {
  lab = await startLabCluster([seed000JobTokenExpired]);
  lab.world.kube.objects.push(
    namespace('apps'),
    pod('apps', 'web-1', 'nginx:1.27'),
    // A job pod is not a runner manager.
    pod('apps', 'runner-abc123-project-7-concurrent-0-x1', 'registry.gitlab.com/gitlab-org/gitlab-runner/gitlab-runner-helper:x86_64-v17.6.0'),
    namespace('ci-east'),
    pod('ci-east', 'east-runner-0', 'registry.gitlab.com/gitlab-org/gitlab-runner:alpine-v17.6.0'),
    namespace('team-private'),
    pod('team-private', 'private-runner-0', 'busybox', { app: 'gitlab-runner' }),
  );
});
afterAll(async () => {
  await lab.stop();
});

describe('namespaces that hold runners', () => {
  it('with a cluster-wide pod list: every namespace with a runner manager, and no other', async () => {
    expect(await findRunnerNamespaces({ kubeconfig: lab.kubeconfig, context: 'lab' })).toEqual({ found: ['ci-east', 'gitlab-runner', 'team-private'], unlisted: [] });
  });

  it('without it: namespace by namespace, naming apart those whose pods the user may not list', async () => {
    const context = await lab.addIdentity('some-namespaces', {
      username: 'support',
      rules: [
        { verbs: ['list'], apiGroups: [''], resources: ['namespaces'] },
        { verbs: ['list'], apiGroups: [''], resources: ['pods'], namespace: 'gitlab-runner' },
        { verbs: ['list'], apiGroups: [''], resources: ['pods'], namespace: 'ci-east' },
        { verbs: ['list'], apiGroups: [''], resources: ['pods'], namespace: 'apps' },
      ],
    });
    expect(await findRunnerNamespaces({ kubeconfig: lab.kubeconfig, context })).toEqual({ found: ['ci-east', 'gitlab-runner'], unlisted: ['team-private'] });
  });
});
