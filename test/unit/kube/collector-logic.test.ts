import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configMountOf, discoverRunners, isJobPod, isRunnerManagerPod } from '../../../electron/core/kube/discovery';
import { secretMetadataOnly } from '../../../electron/core/kube/secret-metadata';
import { SECRET_FACTS_FIELD, secretFactsSchema } from '../../../shared/secret-facts';
import { podProblems, podProblemTexts } from '../../../electron/core/kube/pod-problems';
import { formatError } from '../../../shared/i18n/text';
import { grantYaml, KUBE_PERMISSIONS } from '../../../electron/core/kube/access-review';
import { sortEvents, listYaml } from '../../../electron/core/kube/kube-yaml';
import { logJobsOf } from '../../../electron/core/kube/collect-logs';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('config directory discovery', () => {
  const runner = { name: 'gitlab-runner', image: 'gitlab/gitlab-runner:alpine-v18.3.0' };

  it('sees a ConfigMap mounted over the config directory as read-only', () => {
    const spec = {
      containers: [
        {
          ...runner,
          args: ['run', '--config', '/etc/gitlab-runner/config.toml'],
          volumeMounts: [{ name: 'config', mountPath: '/etc/gitlab-runner' }],
        },
      ],
      volumes: [{ name: 'config', configMap: { name: 'gitlab-runner-config' } }],
    };
    const info = configMountOf(spec, [{ metadata: { name: 'gitlab-runner-config' }, data: { 'config.toml': 'concurrent = 1' } }]);
    expect(info).toMatchObject({
      configPath: '/etc/gitlab-runner/config.toml',
      writable: false,
      mode: 'read-only-configmap',
      source: 'configMap',
      sourceName: 'gitlab-runner-config',
    });
    expect(info?.configMaps).toEqual([{ name: 'gitlab-runner-config', mountPath: '/etc/gitlab-runner', keys: ['config.toml'] }]);
  });

  it("sees the chart's copy into an emptyDir as a writable copy", () => {
    const spec = {
      containers: [
        {
          ...runner,
          command: ['/bin/bash', '/configmaps/entrypoint'],
          volumeMounts: [
            { name: 'etc', mountPath: '/home/gitlab-runner/.gitlab-runner' },
            { name: 'cm', mountPath: '/configmaps' },
          ],
        },
      ],
      volumes: [
        { name: 'etc', emptyDir: {} },
        { name: 'cm', configMap: { name: 'r' } },
      ],
    };
    expect(configMountOf(spec, [{ metadata: { name: 'r' }, data: { 'config.template.toml': '' } }])).toMatchObject({
      writable: true,
      mode: 'writable-copy',
      source: 'emptyDir',
    });
  });

  it('reads --config out of a shell script and honours readOnly mounts and read-only root filesystems', () => {
    const script = {
      ...runner,
      command: ['sh', '-c', 'cp /cfg/config.toml /data/ && gitlab-runner run --config "/data/config.toml"'],
      volumeMounts: [{ name: 'data', mountPath: '/data', readOnly: true }],
    };
    expect(
      configMountOf({ containers: [script], volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'pvc' } }] }, []),
    ).toMatchObject({
      configPath: '/data/config.toml',
      mode: 'read-only-mount',
      writable: false,
    });
    const rootRo = { ...runner, securityContext: { readOnlyRootFilesystem: true } };
    expect(configMountOf({ containers: [rootRo] }, [])).toMatchObject({ mode: 'read-only-mount', writable: false });
  });

  it('tells manager pods from job pods and finds job Secrets without a live owner by uid', () => {
    const manager = { metadata: { name: 'gitlab-runner-abc', uid: 'm', labels: { app: 'gitlab-runner' } }, spec: { containers: [runner] } };
    const job = {
      metadata: { name: 'runner-abc12345-project-7-concurrent-0-x1y2z3', uid: 'live', labels: {} },
      spec: {
        containers: [
          { name: 'build', image: 'alpine' },
          { name: 'helper', image: 'gitlab/gitlab-runner-helper:x86_64-v17' },
        ],
      },
    };
    expect(isRunnerManagerPod(manager)).toBe(true);
    expect(isRunnerManagerPod(job)).toBe(false);
    expect(isJobPod(job)).toBe(true);
    const secret = (name: string, uid?: string) => ({
      metadata: { name, ...(uid ? { ownerReferences: [{ kind: 'Pod', name: 'x', uid }] } : {}) },
      type: 'kubernetes.io/dockercfg',
    });
    // Same name prefix as the live pod, but owned by a pod that is gone: still an orphan.
    const found = discoverRunners('ns', {
      pods: [manager, job],
      deployments: [],
      configMaps: [],
      secrets: [
        secret('runner-abc12345-project-7-concurrent-0-aaaaa', 'live'),
        secret('runner-abc12345-project-7-concurrent-0-bbbbb', 'gone'),
        secret('runner-abc12345-project-7-concurrent-1-ccccc'),
      ],
    });
    expect(found.jobSecrets.map((s) => s.liveOwner)).toEqual([true, false, false]);
    expect(found.managers).toHaveLength(1);
    expect(found.managers[0]?.metadata.name).toBe('gitlab-runner-abc');
  });
});

describe('Secrets as metadata only', () => {
  it('drops every value, keeps names, type, owners, and records the newline and token-type facts', () => {
    const secret = {
      metadata: {
        name: 'runner-secret',
        namespace: 'ns',
        labels: { app: 'gitlab-runner' },
        ownerReferences: [{ kind: 'Deployment', name: 'd', uid: 'u' }],
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"runner-token":"Z2xydC1zZWNyZXQ="}}', team: 'ci' },
        managedFields: [{ manager: 'kubectl' }],
      },
      type: 'Opaque',
      data: { 'runner-token': b64('glpat-SuperSecretValue12345\n'), 'runner-registration-token': '', other: b64('plain') },
      stringData: { 'api-token': 'glrt-AnotherSecret1234567' },
    };
    const out = secretMetadataOnly(secret);
    const text = JSON.stringify(out);
    for (const value of ['SuperSecretValue', 'AnotherSecret', 'Z2xydC1zZWNyZXQ', b64('plain'), 'managedFields'])
      expect(text).not.toContain(value);
    expect(out).not.toHaveProperty('data');
    expect(out).not.toHaveProperty('stringData');
    expect(out.type).toBe('Opaque');
    expect(out.metadata.ownerReferences).toEqual(secret.metadata.ownerReferences);
    expect(out.metadata.annotations).toEqual({ team: 'ci' });
    expect(secretFactsSchema.parse(out[SECRET_FACTS_FIELD])).toEqual({
      dataKeys: ['api-token', 'other', 'runner-registration-token', 'runner-token'],
      tokenKeys: [
        { key: 'api-token', gitlabKind: 'runner-authentication-token' },
        { key: 'runner-token', endsWithNewline: true, gitlabKind: 'personal-access-token' },
      ],
      removedAnnotations: ['kubectl.kubernetes.io/last-applied-configuration'],
    });
  });
});

describe('pod status in words', () => {
  it('names restarts, OOMKilled, Evicted, waiting reasons and unschedulable pods', () => {
    expect(
      podProblems({
        status: {
          phase: 'Running',
          containerStatuses: [
            {
              name: 'runner',
              restartCount: 3,
              lastState: { terminated: { reason: 'OOMKilled', exitCode: 137 } },
              state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s' } },
            },
          ],
        },
      }),
    ).toEqual(['runner: 3 restarts', 'runner: OOMKilled (last instance, exit 137)', 'runner: CrashLoopBackOff (back-off 5m0s)']);
    const crashing = {
      status: {
        phase: 'Running',
        containerStatuses: [{ name: 'runner', restartCount: 5, lastState: { terminated: { reason: 'OOMKilled', exitCode: 137 } }, state: { waiting: { reason: 'CrashLoopBackOff' } } }],
      },
    };
    expect(podProblemTexts(crashing).map((m) => formatError(m, 'ru'))).toEqual([
      'runner: 5 перезапусков',
      'runner: прошлый экземпляр убит из-за нехватки памяти (OOMKilled, код выхода 137)',
      'runner: контейнер падает и перезапускается (CrashLoopBackOff)',
    ]);
    expect(podProblems({ status: { phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.' } })).toEqual([
      'Evicted: The node was low on resource: memory.',
    ]);
    expect(
      podProblems({
        status: {
          phase: 'Pending',
          conditions: [
            { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: 3 Insufficient memory.' },
          ],
        },
      }),
    ).toEqual(['Pending: Unschedulable (0/3 nodes are available: 3 Insufficient memory.)']);
  });

  it('plans a log per container and the previous instance only where one restarted', () => {
    const jobs = logJobsOf({
      metadata: { name: 'p' },
      spec: { initContainers: [{ name: 'init' }], containers: [{ name: 'a' }, { name: 'b' }] },
      status: {
        containerStatuses: [
          { name: 'a', restartCount: 0 },
          { name: 'b', restartCount: 2 },
        ],
      },
    });
    expect(jobs.map((j) => `${j.container}${j.previous ? '.previous' : ''}`)).toEqual(['init', 'a', 'b', 'b.previous']);
  });
});

describe('RBAC grant YAML and evidence shapes', () => {
  it('grants exactly the missing permissions to the reviewed subject', () => {
    const perms = KUBE_PERMISSIONS.filter((p) => ['list-secrets', 'get-pod-logs', 'list-nodes'].includes(p.id));
    const docs = grantYaml(perms, 'ci', 'system:serviceaccount:ci:doctor')
      .split('---\n')
      .map((d) => parse(d));
    expect(docs.map((d) => d.kind)).toEqual(['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding']);
    expect(docs[0].rules).toEqual([
      { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
      { apiGroups: [''], resources: ['secrets'], verbs: ['list'] },
    ]);
    expect(docs[1].subjects).toEqual([{ kind: 'ServiceAccount', name: 'doctor', namespace: 'ci' }]);
    expect(docs[2].rules).toEqual([{ apiGroups: [''], resources: ['nodes'], verbs: ['list'] }]);
  });

  it('sorts events oldest first and writes kubectl-style lists without managedFields', () => {
    const events = [
      { metadata: { name: 'b' }, lastTimestamp: '2025-01-02T00:00:00Z' },
      { metadata: { name: 'a' }, eventTime: '2025-01-01T00:00:00.000000Z' },
      { metadata: { name: 'c', creationTimestamp: '2025-01-03T00:00:00Z' } },
    ];
    expect(sortEvents(events).map((e) => e.metadata.name)).toEqual(['a', 'b', 'c']);
    const doc = parse(listYaml('Event', 'v1', [{ metadata: { name: 'x', managedFields: [{}] } }]));
    expect(doc).toEqual({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Event', metadata: { name: 'x' } }] });
  });
});
