import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoLab, type DemoLab } from '../../../electron/core/demo-lab/lab';
import { runCli } from '../../helpers/run-cli';

// pin-helper-image against `runner-doctor demo-lab`'s SSH host (seed 003), with only the
// sources the lab prints: the host keeps config.toml while the lab runs.
let lab: DemoLab;
let dir: string;

beforeAll(async () => {
  lab = await startDemoLab();
  dir = await mkdtemp(join(tmpdir(), 'rd-fix-pin-demo-'));
}, 60_000);
afterAll(async () => {
  await lab.stop();
  await rm(dir, { recursive: true, force: true });
});

const sources = () => ['--ssh', lab.sshAlias, '--ssh-config', lab.sshConfigPath, '--known-hosts', lab.knownHostsPath];
const env = () => ({ RUNNER_DOCTOR_CONFIG_DIR: join(dir, 'config'), GITLAB_TOKEN: '', SSH_AUTH_SOCK: '' });
const IMAGE = 'registry.gitlab.com/gitlab-org/gitlab-runner/gitlab-runner-helper:x86_64-f5da3c5a';

describe('runner-doctor fix helper-image-permission-container against the demo lab', () => {
  it('plans, applies with --yes (the next collection no longer shows the finding), and rolls back', async () => {
    const plan = await runCli(['fix', 'helper-image-permission-container', '--plan', ...sources()], { env: env() });
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(`+    helper_image = "${IMAGE}"`);
    expect(plan.stdout).not.toContain('glrt-dEmO3xAmPlE7tOkEn9qZ');

    const r = await runCli(['fix', 'helper-image-permission-container', '--apply', '--yes', ...sources()], { env: env() });
    expect(r.stdout).toMatch(/APPLIED .*applied and verified/);
    // The restart reloads the pinned config after the failures: the finding is gone.
    expect(r.stdout).toMatch(/A fresh collection no longer shows helper-image-permission-container/);
    expect(r.code).toBe(0);
    const again = await runCli(['fix', 'helper-image-permission-container', '--plan', ...sources()], { env: env() });
    expect(again.stdout).toMatch(/helper-image-permission-container: not found in the evidence collected just now/);

    const back = await runCli(['fix', 'helper-image-permission-container', '--rollback', '--yes', ...sources()], { env: env() });
    expect(back.code).toBe(0);
    expect(back.stdout).toMatch(/ROLLED-BACK .*restored from/);
    // Unpinned again: the failures count, and the fix is called for once more.
    const replan = await runCli(['fix', 'helper-image-permission-container', '--plan', ...sources()], { env: env() });
    expect(replan.stdout).toContain(`+    helper_image = "${IMAGE}"`);
  });
});
