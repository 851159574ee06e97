import type { KubeObject, LabWorld, Scenario } from '../world';

export const RUNNER_NAMESPACE = 'gitlab-runner';
const STUCK_JOB = 8540930992;
const DONE_JOB = 8540930871;
const RUNNER_SHORT = 't3_qYADwj';

function ago(now: Date, minutes: number): string {
  return new Date(now.getTime() - minutes * 60_000).toISOString();
}

function runnerPod(name: string, now: Date, restarts: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: RUNNER_NAMESPACE,
      uid: `uid-${name}`,
      labels: { app: 'gitlab-runner', release: 'gitlab-runner', 'app.kubernetes.io/name': 'gitlab-runner', 'pod-template-hash': '7d9f8c6b5' },
      creationTimestamp: ago(now, 5 * 24 * 60),
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'gitlab-runner-7d9f8c6b5', uid: 'uid-rs', controller: true }],
    },
    spec: {
      serviceAccountName: 'gitlab-runner',
      containers: [{ name: 'gitlab-runner', image: 'registry.gitlab.com/gitlab-org/gitlab-runner:alpine-v17.6.0' }],
    },
    status: {
      phase: 'Running',
      startTime: ago(now, 5 * 24 * 60),
      containerStatuses: [{ name: 'gitlab-runner', ready: true, restartCount: restarts, image: 'registry.gitlab.com/gitlab-org/gitlab-runner:alpine-v17.6.0', state: { running: { startedAt: ago(now, 5 * 24 * 60) } } }],
    },
  };
}

function runnerLog(gitlabUrl: string, withFailure: boolean): string {
  const lines = [
    `Runtime platform                                    arch=amd64 os=linux pid=7 revision=3046fee8 version=17.6.0`,
    `Starting multi-runner from /home/gitlab-runner/.gitlab-runner/config.toml...  builds=0 max_builds=0`,
    `Configuration loaded                                builds=0 max_builds=10`,
    `listen_address not defined, metrics & debug endpoints disabled  builds=0 max_builds=10`,
    `Initializing executor providers                     builds=0 max_builds=10`,
    `Checking for jobs... received                       job=${DONE_JOB} repo_url=${gitlabUrl}/acme/web.git runner=${RUNNER_SHORT}`,
    `Job succeeded                                       duration_s=412.7 job=${DONE_JOB} project=42 runner=${RUNNER_SHORT}`,
    `Submitting job to coordinator...ok                  bytesize=18231 checksum=crc32:0d5a3e11 code=200 job=${DONE_JOB} job-status=success runner=${RUNNER_SHORT} update-interval=0s`,
  ];
  if (withFailure) {
    lines.push(
      `Checking for jobs... received                       job=${STUCK_JOB} repo_url=${gitlabUrl}/acme/web.git runner=${RUNNER_SHORT}`,
      `Appending trace to coordinator...ok                 code=202 job=${STUCK_JOB} job-log=0-20764 job-status=running runner=${RUNNER_SHORT} sent-log=0-20764 status=202 Accepted update-interval=1m0s`,
      `Job succeeded                                       duration_s=2841.3 job=${STUCK_JOB} project=42 runner=${RUNNER_SHORT}`,
      `WARNING: Submitting job to coordinator... job failed  bytesize=20764 checksum=crc32:75754b1d code=403 job=${STUCK_JOB} job-status= runner=${RUNNER_SHORT} status=PUT ${gitlabUrl}/api/v4/jobs/${STUCK_JOB}: 403 Forbidden update-interval=0s`,
      `WARNING: Error while executing file based variables removal script  error=couldn't get pod details: pods "runner-t3qyadwj-project-42-concurrent-0-8k2lm3xq" not found job=${STUCK_JOB} project=42 runner=${RUNNER_SHORT}`,
    );
  }
  return lines.join('\n') + '\n';
}

/**
 * Seed 000: runners on Kubernetes finish a job, GitLab answers the final update with 403
 * (the job token expired), and the job stays `running` in GitLab.
 */
export const seed000JobTokenExpired: Scenario = {
  id: 'seed-000-job-token-expired',
  title: 'Jobs stuck after 403 Forbidden on the final job update',
  seed: '000',
  apply(world: LabWorld, { gitlabUrl, now }) {
    const runnerToken = 'glrt-' + 'tV3qYADwjRunnerToken01'.padEnd(20, 'x');
    world.gitlab.runners.push({
      id: 38,
      description: 'eks-ci-public-nodepool',
      token: runnerToken,
      tokenExpiresAt: null,
      runner_type: 'group_type',
      paused: false,
      tag_list: ['ci-public-nodepool'],
      contacted_at: ago(now, 0.2),
      status: 'online',
      managers: ['x2k4p', 'q8m3z'].map((suffix, i) => ({
        id: 101 + i,
        system_id: `r_${suffix}0aBcDeFgH`,
        version: '17.6.0',
        revision: '3046fee8',
        platform: 'linux',
        architecture: 'amd64',
        ip_address: `192.0.2.${11 + i}`,
        created_at: ago(now, 5 * 24 * 60),
        contacted_at: ago(now, 0.2),
        status: 'online' as const,
      })),
    });
    const job = (id: number, status: 'running' | 'success', startedMin: number, durationMin: number | null) => ({
      id,
      projectId: 42,
      projectPath: 'acme/web',
      name: 'cypress: [serviceName1, 3/15]',
      stage: 'test',
      ref: 'main',
      status,
      runnerId: 38,
      createdAt: ago(now, startedMin + 1),
      startedAt: ago(now, startedMin),
      finishedAt: durationMin === null ? null : ago(now, startedMin - durationMin),
      pipelineId: 1583001,
      timeoutSeconds: 3600,
      jobToken: `glcbt-64_${id}JobTokenValueabcdefghij`,
      jobTokenValid: status !== 'running',
      trace: 'Running with gitlab-runner 17.6.0 (3046fee8)\n',
    });
    world.gitlab.jobs.push(job(STUCK_JOB, 'running', 48, null), job(DONE_JOB, 'success', 70, 7));

    const config = [
      'concurrent = 10',
      'check_interval = 3',
      '',
      '[[runners]]',
      '  name = "eks-ci-public-nodepool"',
      `  url = "${gitlabUrl}/"`,
      `  token = "${runnerToken}"`,
      '  executor = "kubernetes"',
      '  output_limit = 8192',
      '  [runners.kubernetes]',
      `    namespace = "${RUNNER_NAMESPACE}"`,
      '    image = "ubuntu:24.04"',
      '    poll_timeout = 720',
      '',
    ].join('\n');
    world.kube.objects.push(
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: RUNNER_NAMESPACE, uid: 'uid-ns' }, status: { phase: 'Active' } },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'gitlab-runner', namespace: RUNNER_NAMESPACE, uid: 'uid-deploy', labels: { app: 'gitlab-runner', chart: 'gitlab-runner-0.71.0' }, resourceVersion: '4711', generation: 3 },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'gitlab-runner' } },
          template: {
            metadata: { labels: { app: 'gitlab-runner' } },
            spec: {
              containers: [{ name: 'gitlab-runner', image: 'registry.gitlab.com/gitlab-org/gitlab-runner:alpine-v17.6.0', volumeMounts: [{ name: 'configmaps', mountPath: '/configmaps' }] }],
              volumes: [{ name: 'configmaps', configMap: { name: 'gitlab-runner' } }],
            },
          },
        },
        status: { replicas: 2, readyReplicas: 2, availableReplicas: 2 },
      },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'gitlab-runner', namespace: RUNNER_NAMESPACE, uid: 'uid-cm', resourceVersion: '4700', labels: { app: 'gitlab-runner' } }, data: { 'config.toml': config } },
      runnerPod('gitlab-runner-7d9f8c6b5-x2k4p', now, 0),
      runnerPod('gitlab-runner-7d9f8c6b5-q8m3z', now, 1),
    );
    world.kube.logs.set(`${RUNNER_NAMESPACE}/gitlab-runner-7d9f8c6b5-x2k4p/gitlab-runner`, runnerLog(gitlabUrl, true));
    world.kube.logs.set(`${RUNNER_NAMESPACE}/gitlab-runner-7d9f8c6b5-q8m3z/gitlab-runner`, runnerLog(gitlabUrl, false));
    world.kube.logs.set(`${RUNNER_NAMESPACE}/gitlab-runner-7d9f8c6b5-q8m3z/gitlab-runner/previous`, runnerLog(gitlabUrl, false));
  },
};
