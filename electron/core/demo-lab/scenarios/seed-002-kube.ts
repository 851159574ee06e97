import type { KubeObject, LabWorld, Scenario } from '../world';
import { labNode } from '../servers/kube-fixtures';
import { SEED_002_PAT, SEED_002_RUNNER_DESCRIPTION } from './seed-002-gitlab';

export const SEED_002_NAMESPACE = 'gitlab-runner-002';
const IMAGE = 'gitlab/gitlab-runner:alpine-v18.3.0';
const PODS = ['gitlab-runner-5c8d9f7b6-k2l9p', 'gitlab-runner-5c8d9f7b6-m4n7q'];
const SYSTEM_IDS = ['r_BmJdiXfGe0Lc', 'r_Md7rcXf1rtnG'];

const ago = (now: Date, minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();

function configToml(gitlabUrl: string): string {
  // As deployed by the seed's raw manifests: a PAT as the token, no request_concurrency.
  return [
    'concurrent = 4',
    'check_interval = 3',
    'log_level = "info"',
    '',
    '[[runners]]',
    `  name = "${SEED_002_RUNNER_DESCRIPTION}"`,
    `  url = "${gitlabUrl}/"`,
    `  token = "${SEED_002_PAT}"`,
    '  executor = "kubernetes"',
    '  [runners.kubernetes]',
    `    namespace = "${SEED_002_NAMESPACE}"`,
    '    image = "alpine:3.20"',
    '    privileged = false',
    '',
  ].join('\n');
}

/** The runner's own log, with the kubelet's timestamps (the lab API strips them unless timestamps=true). */
function runnerLog(gitlabUrl: string, systemId: string, now: Date, startedMin: number): string {
  const at = (min: number) => `${ago(now, min)} `;
  const start = [
    'Runtime platform                                    arch=amd64 os=linux pid=1 revision=9ba718cd version=18.3.0',
    'Starting multi-runner from /etc/gitlab-runner/config.toml...  builds=0 max_builds=0',
    'Running in system-mode.',
    '',
    `Created missing unique system ID                    system_id=${systemId}`,
    "WARNING: Couldn't save new system ID on state file. In order to reliably identify this runner in jobs with a known identifier,",
    `please ensure there is a text file at the location specified in \`state_file\` with the contents of \`system_id\`. Example: echo "${systemId}" > "/etc/gitlab-runner/.runner_system_id"`,
    `  state_file=/etc/gitlab-runner/.runner_system_id system_id=${systemId}`,
    'Configuration loaded                                builds=0 max_builds=4',
    'WARNING: CONFIGURATION: Long polling issues detected.',
    'Issues found:',
    '  - Request bottleneck: 1 runners have request_concurrency=1, causing job delays during long polling',
    "This can cause job delays matching your GitLab instance's long polling timeout.",
    'Recommended solutions:',
    "  1. Increase 'request_concurrency' to 2-4 for 1 runners currently using request_concurrency=1",
    "Note: The 'FF_USE_ADAPTIVE_REQUEST_CONCURRENCY' feature flag can help automatically adjust request_concurrency based on workload.",
    'This message will be printed each time the configuration is reloaded if the issues persist.',
    'See documentation: https://docs.gitlab.com/runner/configuration/advanced-configuration.html#long-polling-issues  builds=0 max_builds=4',
    'listen_address not defined, metrics & debug endpoints disabled  builds=0 max_builds=4',
    '[session_server].listen_address not defined, session endpoints disabled  builds=0 max_builds=4',
    'Initializing executor providers                     builds=0 max_builds=4',
  ].map((l) => at(startedMin) + l);
  const polls: string[] = [];
  for (let min = startedMin - 1; min > 0; min -= 7) {
    polls.push(
      `${at(min)}ERROR: Checking for jobs... forbidden               runner=${SEED_002_PAT.slice(0, 8)} status=POST ${gitlabUrl}/api/v4/jobs/request: 403 Forbidden`,
    );
  }
  return [...start, ...polls].join('\n') + '\n';
}

function pod(name: string, now: Date): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: SEED_002_NAMESPACE,
      labels: { app: 'gitlab-runner', 'pod-template-hash': '5c8d9f7b6' },
      creationTimestamp: ago(now, 180),
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: 'gitlab-runner-5c8d9f7b6',
          uid: 'uid-002-rs',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      serviceAccountName: 'gitlab-runner',
      nodeName: 'ip-10-20-31-17.eu-central-1.compute.internal',
      containers: [deploymentContainer()],
      volumes: [{ name: 'config', configMap: { name: 'gitlab-runner-config', defaultMode: 420 } }],
    },
    status: {
      phase: 'Running',
      podIP: `10.20.31.${name.endsWith('k2l9p') ? 41 : 57}`,
      startTime: ago(now, 180),
      conditions: [
        { type: 'Ready', status: 'True' },
        { type: 'PodScheduled', status: 'True' },
      ],
      containerStatuses: [
        {
          name: 'gitlab-runner',
          ready: true,
          started: true,
          restartCount: 0,
          image: IMAGE,
          imageID: `docker.io/${IMAGE}@sha256:4b1f0c5e`,
          state: { running: { startedAt: ago(now, 179) } },
        },
      ],
    },
  };
}

function deploymentContainer() {
  return {
    name: 'gitlab-runner',
    image: IMAGE,
    imagePullPolicy: 'IfNotPresent',
    args: ['run', '--user=gitlab-runner', '--working-directory=/home/gitlab-runner', '--config', '/etc/gitlab-runner/config.toml'],
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
    volumeMounts: [{ name: 'config', mountPath: '/etc/gitlab-runner' }],
  };
}

/**
 * Seed 002, Kubernetes side: raw manifests (no Helm) mount the ConfigMap with config.toml at
 * /etc/gitlab-runner, which Kubernetes makes read-only, so the runner cannot save its system
 * ID; the config holds a personal access token (every job request gets 403) and no
 * request_concurrency, so the runner warns about long polling.
 */
export const seed002Kube: Scenario = {
  id: 'seed-002-kube',
  title: 'Runner on a read-only ConfigMap with a personal access token as its token (Kubernetes side)',
  seed: '002',
  apply(world: LabWorld, { gitlabUrl, now }) {
    const ns = SEED_002_NAMESPACE;
    const config = configToml(gitlabUrl);
    const configMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'gitlab-runner-config', namespace: ns, labels: { app: 'gitlab-runner' } },
      data: { 'config.toml': config },
    };
    world.kube.objects.push(
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: ns, labels: { 'kubernetes.io/metadata.name': ns } },
        status: { phase: 'Active' },
      },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'gitlab-runner', namespace: ns } },
      {
        ...configMap,
        metadata: {
          ...configMap.metadata,
          creationTimestamp: ago(now, 3 * 24 * 60),
          // kubectl apply keeps the whole manifest here, config.toml and its token included.
          annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(configMap) + '\n' },
        },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {
          name: 'gitlab-runner',
          namespace: ns,
          labels: { app: 'gitlab-runner' },
          generation: 4,
          creationTimestamp: ago(now, 3 * 24 * 60),
        },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'gitlab-runner' } },
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
          template: {
            metadata: { labels: { app: 'gitlab-runner' } },
            spec: {
              serviceAccountName: 'gitlab-runner',
              containers: [deploymentContainer()],
              volumes: [{ name: 'config', configMap: { name: 'gitlab-runner-config' } }],
            },
          },
        },
        status: { observedGeneration: 4, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 },
      },
      labNode('ip-10-20-31-17.eu-central-1.compute.internal', now),
      ...PODS.map((name) => pod(name, now)),
      ...PODS.flatMap((name, i) =>
        (['Scheduled', 'Pulled', 'Created', 'Started'] as const).map((reason, j) => ({
          apiVersion: 'v1',
          kind: 'Event',
          metadata: { name: `${name}.17f${i}${j}a2b3c4d5e6f7`, namespace: ns },
          involvedObject: {
            kind: 'Pod',
            namespace: ns,
            name,
            apiVersion: 'v1',
            ...(reason === 'Scheduled' ? {} : { fieldPath: 'spec.containers{gitlab-runner}' }),
          },
          reason,
          message: {
            Scheduled: `Successfully assigned ${ns}/${name} to ip-10-20-31-17.eu-central-1.compute.internal`,
            Pulled: `Container image "${IMAGE}" already present on machine`,
            Created: 'Created container gitlab-runner',
            Started: 'Started container gitlab-runner',
          }[reason],
          source: { component: reason === 'Scheduled' ? 'default-scheduler' : 'kubelet' },
          firstTimestamp: ago(now, 180 - j * 0.1),
          lastTimestamp: ago(now, 180 - j * 0.1),
          count: 1,
          type: 'Normal',
        })),
      ),
    );
    PODS.forEach((name, i) => world.kube.logs.set(`${ns}/${name}/gitlab-runner`, runnerLog(gitlabUrl, SYSTEM_IDS[i] as string, now, 179)));
  },
};
