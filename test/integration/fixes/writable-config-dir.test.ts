import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoLab, type DemoLab } from '../../../electron/core/demo-lab/lab';
import { SEED_002_NAMESPACE as NS } from '../../../electron/core/demo-lab/scenarios/seed-002-kube';
import { runCli } from '../../helpers/run-cli';

// writable-config-dir against the lab's Kubernetes API: seed 002's Deployment mounts its
// ConfigMap straight at /etc/gitlab-runner, so the runner cannot save its system ID.
let lab: DemoLab;
let dir: string;

beforeAll(async () => {
  lab = await startDemoLab();
  dir = await mkdtemp(join(tmpdir(), 'rd-fix-wcd-'));
}, 60_000);
afterAll(async () => {
  await lab.stop();
  await rm(dir, { recursive: true, force: true });
});

type Spec = { paused?: boolean; template: { metadata?: { annotations?: Record<string, string> }; spec: { containers: Record<string, unknown>[]; initContainers?: { name: string; command: string[] }[]; volumes: { name: string }[] } } };
const sources = () => ['--kubeconfig', lab.kubeconfigPath, '--kube-context', lab.kubeContext, '--namespace', NS];
const env = () => ({ RUNNER_DOCTOR_CONFIG_DIR: join(dir, 'config'), GITLAB_TOKEN: '', SSH_AUTH_SOCK: '' });
const deployment = () => lab.world.kube.objects.find((o) => o.kind === 'Deployment' && o.metadata.namespace === NS)! as unknown as { spec: Spec };
const podNames = () => lab.world.kube.objects.filter((o) => o.kind === 'Pod' && o.metadata.namespace === NS).map((o) => o.metadata.name).sort();

describe('runner-doctor fix config-dir-read-only (writable-config-dir)', () => {
  it('--plan shows the server dry run as a diff, says why state_file is not the fix, and changes nothing', async () => {
    const before = JSON.stringify(deployment().spec);
    const r = await runCli(['fix', 'config-dir-read-only', '--plan', ...sources()], { env: env() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {4}\+ {4}- name: copy-runner-config$/m);
    expect(r.stdout).toMatch(/^ {4}\+ {6}emptyDir: \{\}$/m);
    expect(r.stdout).toMatch(/state_file key is not the fix/);
    expect(r.stdout).toMatch(/server-side dry run: the patch passes dryRun=All/);
    expect(JSON.stringify(deployment().spec)).toBe(before);
  });

  it('a paused Deployment is refused: a restart would not roll out', async () => {
    deployment().spec.paused = true;
    try {
      const r = await runCli(['fix', 'config-dir-read-only', '--apply', '--yes', ...sources()], { env: env() });
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/REFUSED .*Deployment gitlab-runner is paused/);
      expect(deployment().spec.template.spec.initContainers).toBeUndefined();
    } finally {
      delete deployment().spec.paused;
    }
  });

  it('--apply --yes patches by name (everything else untouched), rolls the pods, verifies, and the finding is gone', async () => {
    const before = structuredClone(deployment().spec);
    const oldPods = podNames();
    const r = await runCli(['fix', 'config-dir-read-only', '--apply', '--yes', ...sources()], { env: env() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/APPLIED .*applied and verified: 2\/2 pods Ready after the rollout/);
    expect(r.stdout).toMatch(/no longer shows config-dir-read-only/);
    const after = deployment().spec;
    expect(after.template.spec.initContainers?.map((c) => c.command.at(-1))).toEqual(['cp /configmaps/config.toml /etc/gitlab-runner/config.toml']);
    expect(after.template.spec.volumes.map((v) => v.name)).toEqual(['config', 'runner-config-writable']);
    const { volumeMounts: newMounts, ...restAfter } = after.template.spec.containers[0]!;
    const { volumeMounts: _old, ...restBefore } = before.template.spec.containers[0]!;
    expect(restAfter).toEqual(restBefore);
    expect(newMounts).toEqual([{ name: 'runner-config-writable', mountPath: '/etc/gitlab-runner' }]);
    expect(after.template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt']).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(podNames().some((n) => oldPods.includes(n))).toBe(false);
  });

  it('--rollback --yes mounts the ConfigMap again and removes the copy', async () => {
    const r = await runCli(['fix', 'config-dir-read-only', '--rollback', '--yes', ...sources()], { env: env() });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ROLLED-BACK .*ConfigMap mounted at \/etc\/gitlab-runner again/);
    const spec = deployment().spec.template.spec;
    expect(spec.initContainers ?? []).toEqual([]);
    expect(spec.volumes.map((v) => v.name)).toEqual(['config']);
    expect(spec.containers[0]!.volumeMounts).toEqual([{ name: 'config', mountPath: '/etc/gitlab-runner' }]);
  });
});
