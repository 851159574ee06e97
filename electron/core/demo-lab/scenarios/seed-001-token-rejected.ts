import type { KubeObject, LabWorld, Scenario } from '../world';
import { labNode } from '../servers/kube-fixtures';

export const SEED_001_NAMESPACE = 'gitlab-runner-001';
export const SEED_001_RUNNER_ID = 63;
export const SEED_001_RUNNER_DESCRIPTION = 'shared-k8s-runner';
/** The token GitLab knows for the runner; the Secret holds an older one, reset in the UI. */
export const SEED_001_LIVE_TOKEN = 'glrt-Lw3Pq8Xv2Kd6Jn9Rb4Tz';
export const SEED_001_DEAD_TOKEN = 'glrt-Ae7Hm2Qs5Wy9Cf1Gv6Nx';
/** The Helm chart's token Secret (runners.secret), read by the chart's entrypoint from /secrets. */
export const SEED_001_SECRET = 'gitlab-runner-secret';
const IMAGE = 'gitlab/gitlab-runner:alpine-v18.3.0';
const PODS = ['gitlab-runner-7d9c4b8f5-q8w2e'];

const ago = (now: Date, minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();
const b64 = (s: string) => Buffer.from(s).toString('base64');

function runnerLog(gitlabUrl: string, now: Date): string {
  const lines = [
    `${ago(now, 95)} Runtime platform                                    arch=amd64 os=linux pid=7 revision=9ba718cd version=18.3.0`,
    `${ago(now, 95)} Starting multi-runner from /home/gitlab-runner/.gitlab-runner/config.toml...  builds=0 max_builds=0`,
    `${ago(now, 95)} Configuration loaded                                builds=0 max_builds=10`,
  ];
  for (let min = 94; min > 0; min -= 6) {
    lines.push(`${ago(now, min)} ERROR: Checking for jobs... forbidden               runner=${SEED_001_DEAD_TOKEN.slice(5, 13)} status=POST ${gitlabUrl}/api/v4/jobs/request: 403 Forbidden`);
  }
  return lines.join('\n') + '\n';
}

function container() {
  return {
    name: 'gitlab-runner',
    image: IMAGE,
    command: ['/usr/bin/dumb-init', '--', '/bin/bash', '/configmaps/entrypoint'],
    env: [{ name: 'RUNNER_NAME', value: SEED_001_RUNNER_DESCRIPTION }],
    volumeMounts: [
      { name: 'projected-secrets', mountPath: '/secrets' },
      { name: 'configmaps', mountPath: '/configmaps' },
    ],
  };
}

function volumes() {
  return [
    { name: 'configmaps', configMap: { name: 'gitlab-runner' } },
    {
      name: 'projected-secrets',
      projected: { sources: [{ secret: { name: SEED_001_SECRET, items: [{ key: 'runner-registration-token', path: 'runner-registration-token' }, { key: 'runner-token', path: 'runner-token' }] } }] },
    },
  ];
}

/**
 * Seed 001: a Helm-chart runner lost its connection: its runner authentication token was reset
 * in GitLab (the UI's "Reset token"), and the chart's token Secret still holds the old one, so
 * every job request gets 403. GitLab's runner never contacted it with the live token.
 */
export const seed001TokenRejected: Scenario = {
  id: 'seed-001-token-rejected',
  title: 'Helm-chart runner whose token GitLab rejects (403): reset in GitLab, the Secret holds the old one',
  seed: '001',
  apply(world: LabWorld, { gitlabUrl, now }) {
    const ns = SEED_001_NAMESPACE;
    world.gitlab.runners.push({
      id: SEED_001_RUNNER_ID,
      description: SEED_001_RUNNER_DESCRIPTION,
      token: SEED_001_LIVE_TOKEN,
      tokenExpiresAt: null,
      runner_type: 'instance_type',
      paused: false,
      tag_list: ['k8s'],
      contacted_at: ago(now, 96),
      status: 'offline',
      managers: [],
      created_at: ago(now, 40 * 24 * 60),
    });
    const labels = { app: 'gitlab-runner', release: 'gitlab-runner' };
    const pods: KubeObject[] = PODS.map((name) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: ns,
        labels: { ...labels, 'pod-template-hash': '7d9c4b8f5' },
        creationTimestamp: ago(now, 96),
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'gitlab-runner-7d9c4b8f5', uid: 'uid-001-rs', controller: true, blockOwnerDeletion: true }],
      },
      spec: { serviceAccountName: 'gitlab-runner', nodeName: 'ip-10-20-32-9.eu-central-1.compute.internal', containers: [container()], volumes: volumes() },
      status: {
        phase: 'Running',
        startTime: ago(now, 96),
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [{ name: 'gitlab-runner', ready: true, started: true, restartCount: 0, image: IMAGE, state: { running: { startedAt: ago(now, 95) } } }],
      },
    }));
    world.kube.objects.push(
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'kubernetes.io/metadata.name': ns } }, status: { phase: 'Active' } },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'gitlab-runner', namespace: ns } },
      {
        apiVersion: 'v1',
        kind: 'Secret',
        type: 'Opaque',
        metadata: { name: SEED_001_SECRET, namespace: ns, creationTimestamp: ago(now, 40 * 24 * 60) },
        data: { 'runner-registration-token': '', 'runner-token': b64(SEED_001_DEAD_TOKEN) },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'gitlab-runner', namespace: ns, labels, generation: 2, creationTimestamp: ago(now, 40 * 24 * 60) },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'gitlab-runner' } },
          template: { metadata: { labels }, spec: { serviceAccountName: 'gitlab-runner', containers: [container()], volumes: volumes() } },
        },
        status: { observedGeneration: 2, replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1 },
      },
      labNode('ip-10-20-32-9.eu-central-1.compute.internal', now),
      ...pods,
    );
    PODS.forEach((name) => world.kube.logs.set(`${ns}/${name}/gitlab-runner`, runnerLog(gitlabUrl, now)));
  },
};
