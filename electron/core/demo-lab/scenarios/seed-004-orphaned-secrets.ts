import type { KubeObject, LabWorld, Scenario } from '../world';
import { labNode } from '../servers/kube-fixtures';

export const SEED_004_NAMESPACE = 'gitlab-runner-004';
export const SEED_004_QUOTA = 'all-resources';
const RELEASE = 'ci';
const FULLNAME = `${RELEASE}-gitlab-runner`;
const IMAGE = 'registry.gitlab.com/gitlab-org/gitlab-runner:alpine-v17.6.0';
const HELPER = 'registry.gitlab.com/gitlab-org/gitlab-runner/gitlab-runner-helper:x86_64-v17.6.0';
export const SEED_004_RUNNER_TOKEN = 'glrt-z36gYwsvQ8nLk2Pd4Rf7';
const RUNNER_TOKEN = SEED_004_RUNNER_TOKEN;
/** ShortenToken: the 9 characters after `glrt-`; job pod names use it in lower case. */
const SHORT = RUNNER_TOKEN.slice(5, 14);
const JOB_PREFIX = `runner-${SHORT.toLowerCase()}-project-7-concurrent-`;
const MANAGER_POD = `${FULLNAME}-6f9c7d8b5-w7x2z`;
const NAME_CHARS = 'bcdfghjklmnpqrstvwxz2456789';

const ago = (now: Date, minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();
const chartLabels = { app: FULLNAME, chart: 'gitlab-runner-0.71.0', release: RELEASE, heritage: 'Helm' };

/** Deterministic name suffixes, so every lab run has the same objects. */
function suffix(seed: number, length: number): string {
  let x = seed * 2654435761;
  let out = '';
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out += NAME_CHARS[x % NAME_CHARS.length];
  }
  return out;
}

function jobSecret(name: string, now: Date, minutes: number, owner?: { name: string; uid: string }): KubeObject {
  const auth = Buffer.from(`gitlab-ci-token:glcbt-64_${suffix(minutes, 20)}`).toString('base64');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name,
      namespace: SEED_004_NAMESPACE,
      creationTimestamp: ago(now, minutes),
      ...(owner ? { ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: owner.name, uid: owner.uid, controller: false }] } : {}),
    },
    type: 'kubernetes.io/dockercfg',
    data: {
      '.dockercfg': Buffer.from(JSON.stringify({ 'registry.gitlab.com': { username: 'gitlab-ci-token', auth } })).toString('base64'),
    },
  };
}

function jobPod(slot: number, now: Date): { pod: KubeObject; secret: KubeObject } {
  const base = `${JOB_PREFIX}${slot}`;
  const name = `${base}-${suffix(slot + 100, 8)}`;
  const uid = `8c1d0e2f-0004-4a11-9b7e-00000000000${slot}`;
  const started = 12 + slot * 9;
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: SEED_004_NAMESPACE,
      uid,
      creationTimestamp: ago(now, started),
      labels: {
        'job.runner.gitlab.com/pod': base,
        'project.runner.gitlab.com/id': '7',
        'manager.runner.gitlab.com/name': 'awe-gitlab-runner-k8s',
        pod: base,
      },
    },
    spec: {
      nodeName: `ip-10-40-12-${60 + slot}.eu-west-1.compute.internal`,
      initContainers: [{ name: 'init-permissions', image: HELPER, resources: { requests: { cpu: '50m', memory: '64Mi' } } }],
      containers: [
        { name: 'build', image: 'registry.example.com/awe/ci-image:latest', resources: { requests: { cpu: '1', memory: '1536Mi' } } },
        { name: 'helper', image: HELPER, resources: { requests: { cpu: '100m', memory: '128Mi' } } },
      ],
      imagePullSecrets: [{ name: `${base}-${suffix(slot + 200, 5)}` }],
    },
    status: {
      phase: 'Running',
      startTime: ago(now, started),
      initContainerStatuses: [
        {
          name: 'init-permissions',
          ready: true,
          restartCount: 0,
          image: HELPER,
          state: { terminated: { exitCode: 0, reason: 'Completed' } },
        },
      ],
      containerStatuses: ['build', 'helper'].map((c) => ({
        name: c,
        ready: true,
        restartCount: 0,
        image: c === 'helper' ? HELPER : 'registry.example.com/awe/ci-image:latest',
        state: { running: { startedAt: ago(now, started - 0.5) } },
      })),
    },
  };
  return { pod, secret: jobSecret(`${base}-${suffix(slot + 200, 5)}`, now, started, { name, uid }) };
}

function runnerLog(gitlabUrl: string, now: Date, orphanNames: readonly string[]): string {
  const at = (min: number) => `${ago(now, min)} `;
  const lines = [
    `${at(6 * 24 * 60)}Runtime platform                                    arch=amd64 os=linux pid=7 revision=3046fee8 version=17.6.0`,
    `${at(6 * 24 * 60)}Starting multi-runner from /home/gitlab-runner/.gitlab-runner/config.toml...  builds=0 max_builds=0`,
    `${at(6 * 24 * 60)}Configuration loaded                                builds=0 max_builds=20`,
    `${at(6 * 24 * 60)}Initializing executor providers                     builds=0 max_builds=20`,
  ];
  // Pods refused by the memory quota after their Secret was created: each left a Secret behind.
  orphanNames.slice(0, 6).forEach((secret, i) => {
    const min = 3 * 24 * 60 - i * 37;
    const job = 4_112_000 + i;
    const podName = `${secret.slice(0, secret.lastIndexOf('-'))}-${suffix(i + 300, 8)}`;
    lines.push(
      `${at(min)}Checking for jobs... received                       job=${job} repo_url=${gitlabUrl}/awe/platform.git runner=${SHORT}`,
      `${at(min)}WARNING: Job failed: pods "${podName}" is forbidden: exceeded quota: ${SEED_004_QUOTA}, requested: requests.memory=1536Mi, used: requests.memory=57232Mi, limited: requests.memory=56Gi`,
      `${at(min)}  duration_s=1.8 job=${job} project=7 runner=${SHORT}`,
      `${at(min)}WARNING: Error cleaning up secrets: secrets "${secret}" is forbidden: User "system:serviceaccount:${SEED_004_NAMESPACE}:${FULLNAME}" cannot delete resource "secrets" in API group "" in the namespace "${SEED_004_NAMESPACE}"  job=${job} project=7 runner=${SHORT}`,
    );
  });
  // Now every job fails before its pod exists: the namespace is at its Secret quota.
  for (let i = 0; i < 8; i++) {
    const min = 50 - i * 6;
    const job = 4_118_400 + i;
    lines.push(
      `${at(min)}Checking for jobs... received                       job=${job} repo_url=${gitlabUrl}/awe/platform.git runner=${SHORT}`,
      `${at(min)}WARNING: Job failed: secrets "${JOB_PREFIX}${3 + (i % 4)}-${suffix(i + 500, 5)}" is forbidden: exceeded quota: ${SEED_004_QUOTA}, requested: secrets=1, used: secrets=100, limited: secrets=100`,
      `${at(min)}  duration_s=0.4 job=${job} project=7 runner=${SHORT}`,
    );
  }
  return lines.join('\n') + '\n';
}

/**
 * Seed 004: the Kubernetes executor creates a job's Secret before its pod; when the quota
 * refuses the pod, the Secret stays. The namespace fills up with orphaned
 * `runner-…-project-…-concurrent-…` Secrets (type kubernetes.io/dockercfg) until the Secret
 * quota is reached and every new job fails with "exceeded quota … secrets=1".
 */
export const seed004OrphanedSecrets: Scenario = {
  id: 'seed-004-orphaned-secrets',
  title: 'Orphaned job Secrets fill the namespace quota; new jobs fail',
  seed: '004',
  apply(world: LabWorld, { gitlabUrl, now }) {
    const ns = SEED_004_NAMESPACE;
    const jobs = [0, 1, 2].map((slot) => jobPod(slot, now));
    const chartSecret: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: FULLNAME, namespace: ns, labels: chartLabels, creationTimestamp: ago(now, 40 * 24 * 60) },
      type: 'Opaque',
      data: { 'runner-registration-token': '', 'runner-token': Buffer.from(RUNNER_TOKEN).toString('base64') },
    };
    // 100 Secrets in all: the chart's, three of live job pods, 96 orphans.
    const orphans = Array.from({ length: 96 }, (_, i) => {
      const minutes = 5 * 24 * 60 - i * 43;
      // Older orphans predate ownerReferences being set; newer ones name pods that are gone.
      const owner =
        i % 3 === 0
          ? undefined
          : { name: `${JOB_PREFIX}${i % 20}-${suffix(i + 700, 8)}`, uid: `0dead${String(i).padStart(3, '0')}-0004-4a11-9b7e-000000000000` };
      return jobSecret(`${JOB_PREFIX}${i % 20}-${suffix(i + 900, 5)}`, now, minutes, owner);
    });
    const config = ['concurrent = 20', 'check_interval = 3', 'log_level = "info"', 'listen_address = ":9252"', ''].join('\n');
    const template = [
      '[[runners]]',
      '  [runners.kubernetes]',
      `    namespace = "${ns}"`,
      '    image = "registry.example.com/awe/ci-image:latest"',
      '    memory_request = "1536Mi"',
      '    cpu_request = "1"',
      '',
    ].join('\n');
    world.kube.objects.push(
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: ns, labels: { 'kubernetes.io/metadata.name': ns } },
        status: { phase: 'Active' },
      },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: FULLNAME, namespace: ns, labels: chartLabels } },
      {
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        metadata: { name: SEED_004_QUOTA, namespace: ns, creationTimestamp: ago(now, 90 * 24 * 60) },
        spec: { hard: { secrets: '100', pods: '40', 'requests.memory': '56Gi', 'requests.cpu': '40' } },
      },
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: FULLNAME, namespace: ns, labels: chartLabels, creationTimestamp: ago(now, 40 * 24 * 60) },
        data: {
          'config.toml': config,
          'config.template.toml': template,
          entrypoint:
            '#!/bin/bash\nset -e\nmkdir -p /home/gitlab-runner/.gitlab-runner/\ncp /configmaps/config.toml /home/gitlab-runner/.gitlab-runner/\n/configmaps/register-the-runner\nexec /entrypoint run --user=gitlab-runner --working-directory=/home/gitlab-runner\n',
        },
      },
      chartSecret,
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {
          name: FULLNAME,
          namespace: ns,
          labels: chartLabels,
          generation: 7,
          creationTimestamp: ago(now, 40 * 24 * 60),
          annotations: { 'meta.helm.sh/release-name': RELEASE, 'meta.helm.sh/release-namespace': ns },
        },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: FULLNAME } },
          template: { metadata: { labels: { app: FULLNAME, release: RELEASE } }, spec: managerPodSpec(gitlabUrl) },
        },
        status: { observedGeneration: 7, replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1 },
      },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: MANAGER_POD,
          namespace: ns,
          uid: '8c1d0e2f-0004-4a11-9b7e-0000000000aa',
          labels: { app: FULLNAME, release: RELEASE, 'pod-template-hash': '6f9c7d8b5' },
          creationTimestamp: ago(now, 6 * 24 * 60),
          ownerReferences: [
            { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${FULLNAME}-6f9c7d8b5`, uid: 'uid-004-rs', controller: true },
          ],
        },
        spec: { ...managerPodSpec(gitlabUrl), nodeName: 'ip-10-40-12-50.eu-west-1.compute.internal' },
        status: {
          phase: 'Running',
          startTime: ago(now, 6 * 24 * 60),
          containerStatuses: [
            { name: 'gitlab-runner', ready: true, restartCount: 0, image: IMAGE, state: { running: { startedAt: ago(now, 6 * 24 * 60) } } },
          ],
        },
      },
      ...[50, 60, 61, 62].map((n) => labNode(`ip-10-40-12-${n}.eu-west-1.compute.internal`, now)),
      ...jobs.flatMap((j) => [j.pod, j.secret]),
      ...orphans,
    );
    world.kube.logs.set(
      `${ns}/${MANAGER_POD}/gitlab-runner`,
      runnerLog(
        gitlabUrl,
        now,
        orphans.map((o) => o.metadata.name),
      ),
    );
    for (const j of jobs) {
      world.kube.logs.set(`${ns}/${j.pod.metadata.name}/build`, '$ ./ci/run-tests.sh\nRunning 412 tests...\n');
      world.kube.logs.set(`${ns}/${j.pod.metadata.name}/helper`, '');
    }
  },
};

function managerPodSpec(gitlabUrl: string) {
  return {
    serviceAccountName: FULLNAME,
    securityContext: { runAsUser: 100, fsGroup: 65533 },
    containers: [
      {
        name: 'gitlab-runner',
        image: IMAGE,
        command: ['/usr/bin/dumb-init', '--', '/bin/bash', '/configmaps/entrypoint'],
        env: [
          { name: 'CI_SERVER_URL', value: gitlabUrl },
          { name: 'RUNNER_EXECUTOR', value: 'kubernetes' },
          { name: 'KUBERNETES_NAMESPACE', value: SEED_004_NAMESPACE },
        ],
        resources: { requests: { cpu: '100m', memory: '256Mi' } },
        volumeMounts: [
          { name: 'runner-secrets', mountPath: '/secrets' },
          { name: 'etc-gitlab-runner', mountPath: '/home/gitlab-runner/.gitlab-runner' },
          { name: 'configmaps', mountPath: '/configmaps' },
        ],
      },
    ],
    volumes: [
      {
        name: 'runner-secrets',
        projected: {
          sources: [
            {
              secret: {
                name: FULLNAME,
                items: [
                  { key: 'runner-token', path: 'runner-token' },
                  { key: 'runner-registration-token', path: 'runner-registration-token' },
                ],
              },
            },
          ],
        },
      },
      { name: 'etc-gitlab-runner', emptyDir: { medium: 'Memory' } },
      { name: 'configmaps', configMap: { name: FULLNAME } },
    ],
  };
}
