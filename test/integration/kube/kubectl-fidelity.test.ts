import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { parse } from 'yaml';
import { startLabCluster, type LabCluster } from './lab-cluster';
import { seed000JobTokenExpired } from '../../../electron/core/demo-lab/scenarios/seed-000-job-token-expired';
import { seed004OrphanedSecrets } from '../../../electron/core/demo-lab/scenarios/seed-004-orphaned-secrets';
import { requireTool } from '../../helpers/require-tool';

const KUBECTL = '/usr/bin/kubectl';
let lab: LabCluster;

/** Runs the real kubectl against the lab API, as a fidelity check of the server. */
function kubectl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      KUBECTL,
      args,
      { env: { ...process.env, KUBECONFIG: lab.kubeconfig, HOME: lab.dir, KUBECACHEDIR: `${lab.dir}/cache` }, timeout: 30_000 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('kubectl against the lab API', () => {
  if (!requireTool('kubectl', KUBECTL)) return;
  beforeAll(async () => {
    lab = await startLabCluster([seed000JobTokenExpired, seed004OrphanedSecrets]);
    await lab.addIdentity('reader', {
      username: 'system:serviceaccount:gitlab-runner:reader',
      rules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods', 'pods/log'], namespace: 'gitlab-runner' }],
    });
  });

  afterAll(async () => {
    await lab?.stop();
  });

  it('kubectl get pods prints the server-side table', async () => {
    const res = await kubectl('get', 'pods', '-n', 'gitlab-runner');
    expect(res.stderr).toBe('');
    const lines = res.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/).slice(0, 4))).toEqual([
      ['gitlab-runner-7d9f8c6b5-q8m3z', '1/1', 'Running', '1'],
      ['gitlab-runner-7d9f8c6b5-x2k4p', '1/1', 'Running', '0'],
    ]);
  });

  it('kubectl logs reads a container log, its previous instance and its tail', async () => {
    const current = await kubectl('logs', '-n', 'gitlab-runner', 'gitlab-runner-7d9f8c6b5-x2k4p', '--tail=1');
    expect(current.stdout).toContain('pods "runner-t3qyadwj-project-42-concurrent-0-8k2lm3xq" not found');
    expect(current.stdout.trim().split('\n')).toHaveLength(1);
    const previous = await kubectl('logs', '-n', 'gitlab-runner', 'gitlab-runner-7d9f8c6b5-q8m3z', '--previous');
    expect(previous.stdout).toMatch(/^Runtime platform/);
    const none = await kubectl('logs', '-n', 'gitlab-runner', 'gitlab-runner-7d9f8c6b5-x2k4p', '--previous');
    expect(none.code).not.toBe(0);
    expect(none.stderr).toContain('previous terminated container "gitlab-runner" in pod "gitlab-runner-7d9f8c6b5-x2k4p" not found');
  });

  it('kubectl get configmap -o yaml returns the object as stored', async () => {
    const res = await kubectl('get', 'configmap', 'gitlab-runner', '-n', 'gitlab-runner', '-o', 'yaml');
    const cm = parse(res.stdout);
    expect(cm.kind).toBe('ConfigMap');
    expect(cm.data['config.toml']).toContain('[[runners]]');
    expect(cm.metadata.resourceVersion).toBe('4700');
  });

  it('kubectl patch --dry-run=server goes through the server and stores nothing', async () => {
    const res = await kubectl(
      'patch',
      'configmap',
      'gitlab-runner',
      '-n',
      'gitlab-runner',
      '--dry-run=server',
      '-p',
      '{"data":{"probe":"x"}}',
    );
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^configmap\/gitlab-runner patched/);
    expect(lab.server.requestLog).toContain('PATCH /api/v1/namespaces/gitlab-runner/configmaps/gitlab-runner');
    const after = await kubectl('get', 'configmap', 'gitlab-runner', '-n', 'gitlab-runner', '-o', 'jsonpath={.data.probe}');
    expect(after.stdout).toBe('');
  });

  it('kubectl sees quota refusals, RBAC denials and missing objects as the real API reports them', async () => {
    const quota = await kubectl('create', 'secret', 'generic', 'one-more', '-n', 'gitlab-runner-004', '--from-literal=a=b');
    expect(quota.code).not.toBe(0);
    expect(quota.stderr).toContain(
      'secrets "one-more" is forbidden: exceeded quota: all-resources, requested: secrets=1, used: secrets=100, limited: secrets=100',
    );
    const canI = await kubectl('--context', 'reader', 'auth', 'can-i', 'list', 'secrets', '-n', 'gitlab-runner');
    expect(canI.stdout.trim()).toBe('no');
    const denied = await kubectl('--context', 'reader', 'get', 'secrets', '-n', 'gitlab-runner');
    expect(denied.stderr).toContain(
      'secrets is forbidden: User "system:serviceaccount:gitlab-runner:reader" cannot list resource "secrets" in API group "" in the namespace "gitlab-runner"',
    );
    const missing = await kubectl('get', 'deployment', 'nope', '-n', 'gitlab-runner');
    expect(missing.stderr).toContain('deployments.apps "nope" not found');
  });
});
