import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoLab, type DemoLab } from '../../../electron/core/demo-lab/lab';
import { SEED_002_NAMESPACE as NS } from '../../../electron/core/demo-lab/scenarios/seed-002-kube';
import { SEED_002_PAT } from '../../../electron/core/demo-lab/scenarios/seed-002-gitlab';
import { FixConnections } from '../../../electron/core/fixes/connections';
import { runFix } from '../../../electron/core/fixes/lifecycle';
import { raiseRequestConcurrency } from '../../../electron/core/fixes/raise-request-concurrency';
import { runCli } from '../../helpers/run-cli';

// raise-request-concurrency against the lab's Kubernetes API: seed 002's ConfigMap leaves its
// runner at request_concurrency=1 and the runner warns about long polling.
let lab: DemoLab;
let dir: string;
let original: string;

beforeAll(async () => {
  lab = await startDemoLab();
  dir = await mkdtemp(join(tmpdir(), 'rd-fix-rc-'));
  original = configToml();
}, 60_000);
afterAll(async () => {
  await lab.stop();
  await rm(dir, { recursive: true, force: true });
});

const sources = () => ['--kubeconfig', lab.kubeconfigPath, '--kube-context', lab.kubeContext, '--namespace', NS];
const env = () => ({ RUNNER_DOCTOR_CONFIG_DIR: join(dir, 'config'), GITLAB_TOKEN: '', SSH_AUTH_SOCK: '' });
const configMap = () => lab.world.kube.objects.find((o) => o.kind === 'ConfigMap' && o.metadata.namespace === NS && o.metadata.name === 'gitlab-runner-config')!;
const configToml = () => (configMap() as unknown as { data: Record<string, string> }).data['config.toml']!;

describe('runner-doctor fix long-polling-bottleneck (raise-request-concurrency)', () => {
  it('--plan shows a redacted unified diff of only the changed key and a passing dry run; nothing changes', async () => {
    const r = await runCli(['fix', 'long-polling-bottleneck', '--plan', ...sources()], { env: env() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`--- a/${NS}/gitlab-runner-config/config.toml`);
    expect(r.stdout).toMatch(/^ {4}\+ {2}request_concurrency = 4$/m);
    const diff = r.stdout.slice(r.stdout.indexOf('  diff:'), r.stdout.indexOf('  note:'));
    expect(diff.split('\n').filter((l) => /^ {4}[-+](?![-+])/.test(l))).toEqual(['    +  request_concurrency = 4']);
    expect(r.stdout).toMatch(/server-side dry run: the patch passes dryRun=All/);
    expect(r.stdout).not.toContain(SEED_002_PAT);
    expect(configToml()).toBe(original);
  });

  it('--apply --yes edits the ConfigMap keeping every other byte, verifies, and the next collection no longer shows the finding', async () => {
    const r = await runCli(['fix', 'long-polling-bottleneck', '--apply', '--yes', ...sources()], { env: env() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/APPLIED .*applied and verified/);
    expect(r.stdout).toMatch(/no longer shows long-polling-bottleneck/);
    const after = configToml().split('\n');
    const added = after.findIndex((l) => l === '  request_concurrency = 4');
    expect(added).toBeGreaterThan(0);
    expect(Buffer.from([...after.slice(0, added), ...after.slice(added + 1)].join('\n'))).toEqual(Buffer.from(original));
    const audit = await readFile(join(dir, 'config', 'audit.jsonl'), 'utf8');
    expect(audit).toContain('"fixId":"raise-request-concurrency"');
    expect(audit).not.toContain(SEED_002_PAT);
  });

  it('--rollback --yes sets the old value back: the ConfigMap is byte for byte what it was', async () => {
    const refused = await runCli(['fix', 'long-polling-bottleneck', '--rollback', ...sources()], { env: env() });
    expect(refused.code).toBe(2);
    const r = await runCli(['fix', 'long-polling-bottleneck', '--rollback', '--yes', ...sources()], { env: env() });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ROLLED-BACK .*request_concurrency set back/);
    expect(configToml()).toBe(original);
    const again = await runCli(['fix', 'long-polling-bottleneck', '--rollback', '--yes', ...sources()], { env: env() });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/no applied fix of long-polling-bottleneck to roll back/);
  });

  it('a ConfigMap changed after the yes (409) makes the fix plan again from a fresh read and ask again', async () => {
    const connections = new FixConnections({ kube: [{ kubeconfig: lab.kubeconfigPath, context: lab.kubeContext, namespace: NS }], files: [] });
    try {
      const ctx = { connections, signal: new AbortController().signal, changed: () => undefined, progress: () => undefined };
      const seed = { findingId: 'long-polling-bottleneck', data: { kube: { kubeconfig: lab.kubeconfigPath, context: lab.kubeContext }, namespace: NS, name: 'gitlab-runner-config' } };
      const plan = await raiseRequestConcurrency.replan(seed as never, ctx);
      const asked: boolean[] = [];
      const outcome = await runFix(raiseRequestConcurrency, plan!, connections, {
        confirm: async (_p, _pre, again) => {
          asked.push(again);
          // Someone edits the ConfigMap between the yes and the patch.
          if (!again) {
            const cm = configMap() as unknown as { data: Record<string, string>; metadata: { resourceVersion?: string } };
            cm.data['config.toml'] = `# edited by someone else\n${cm.data['config.toml']}`;
            cm.metadata.resourceVersion = String(Number(cm.metadata.resourceVersion) + 1);
          }
          return true;
        },
        audit: async () => undefined,
      }, new AbortController().signal);
      expect(asked).toEqual([false, true]);
      expect(outcome).toMatchObject({ result: 'applied', verified: true });
      expect(configToml().startsWith('# edited by someone else\n')).toBe(true);
      expect(configToml()).toContain('  request_concurrency = 4');
    } finally {
      await connections.close();
    }
  });
});
