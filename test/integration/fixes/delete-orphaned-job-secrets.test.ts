import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoLab, type DemoLab } from '../../../electron/core/demo-lab/lab';
import { SEED_004_NAMESPACE as NS } from '../../../electron/core/demo-lab/scenarios/seed-004-orphaned-secrets';
import { deleteOrphanedJobSecrets } from '../../../electron/core/fixes/delete-orphaned-job-secrets';
import { FixConnections } from '../../../electron/core/fixes/connections';
import { runFix } from '../../../electron/core/fixes/lifecycle';
import type { AuditRecord } from '../../../shared/fixes';
import { runCli } from '../../helpers/run-cli';

// delete-orphaned-job-secrets against the lab's Kubernetes API (seed 004: 96 orphaned job
// Secrets fill the namespace's secrets quota of 100).
let lab: DemoLab;
let dir: string;
let restrictedKubeconfig: string;

beforeAll(async () => {
  lab = await startDemoLab();
  dir = await mkdtemp(join(tmpdir(), 'rd-fix-secrets-'));
  // A user who may read the namespace but not delete Secrets.
  const token = 'restricted-reader-token-0001';
  lab.world.kube.identities ??= new Map();
  lab.world.kube.identities.set(token, {
    username: 'reader@example.com',
    rules: [{ verbs: ['get', 'list', 'watch'], apiGroups: ['', 'apps'], resources: ['*'], namespace: NS }],
  });
  const config = parse(await readFile(lab.kubeconfigPath, 'utf8')) as { users: { user: { token: string } }[] };
  config.users[0]!.user.token = token;
  restrictedKubeconfig = join(dir, 'restricted-kubeconfig');
  await writeFile(restrictedKubeconfig, stringify(config), { mode: 0o600 });
}, 60_000);
afterAll(async () => {
  await lab.stop();
  await rm(dir, { recursive: true, force: true });
});

const sources = (kubeconfig = lab.kubeconfigPath) => ['--kubeconfig', kubeconfig, '--kube-context', lab.kubeContext, '--namespace', NS];
const env = () => ({ RUNNER_DOCTOR_CONFIG_DIR: join(dir, 'config'), GITLAB_TOKEN: '', SSH_AUTH_SOCK: '' });
const secretNames = () => lab.world.kube.objects.filter((o) => o.kind === 'Secret' && o.metadata.namespace === NS).map((o) => o.metadata.name);
/** Job Secrets in the namespace: 96 orphans and 3 of live job pods at the start. */
const jobSecretCount = () => secretNames().filter((n) => /-project-\d+-concurrent-/.test(n)).length;
type PlanDoc = { plans: { plan: { changes: string[]; typedConfirmation?: string }; preflight?: { ok: boolean; checks: { name: string; ok: boolean; detail: string }[] }; outcome?: { result: string; verified?: boolean; changed: string[]; message: string } }[] };

describe('runner-doctor fix orphaned-job-secrets (delete-orphaned-job-secrets)', () => {
  it('--plan lists each orphan with its reason, dry-runs every deletion server-side, and deletes nothing', async () => {
    const before = secretNames().length;
    const r = await runCli(['fix', 'orphaned-job-secrets', '--plan', '--json', ...sources()], { env: env() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as PlanDoc;
    const plan = doc.plans[0]!;
    expect(plan.plan.changes.length).toBe(96);
    expect(plan.plan.changes[0]).toMatch(/^delete Secret runner-\S+: (its owner pod .* no longer exists|no owner and no live pod uses it); .* old$/);
    expect(plan.plan.typedConfirmation).toBe(NS);
    expect(plan.preflight?.checks.find((c) => c.name === 'server-side dry run')).toMatchObject({ ok: true, detail: 'all 96 deletions pass dryRun=All with their preconditions' });
    expect(secretNames().length).toBe(before);
  });

  it('a user without delete on secrets is refused, naming the missing permission', async () => {
    const r = await runCli(['fix', 'orphaned-job-secrets', '--apply', '--yes', ...sources(restrictedKubeconfig)], { env: env() });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/REFUSED .*reader@example\.com may not delete secrets in gitlab-runner-004/);
    expect(jobSecretCount()).toBe(99);
  });

  it('a failing server-side dry run (an admission webhook) refuses the fix before anything is deleted', async () => {
    lab.kubeFaults.failRequests.push({ match: /^DELETE .*dryRun=All/, code: 400, message: 'admission webhook "protect-secrets.example.com" denied the request' });
    try {
      const r = await runCli(['fix', 'orphaned-job-secrets', '--apply', '--yes', ...sources()], { env: env() });
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/REFUSED .*server-side dry run: 96 of 96 deletions would fail: .*protect-secrets/);
      expect(jobSecretCount()).toBe(99);
    } finally {
      lab.kubeFaults.failRequests.length = 0;
    }
  });

  it('a Secret that changes after the yes (409) makes the fix plan again and ask again', async () => {
    const audit: AuditRecord[] = [];
    const connections = new FixConnections({ kube: [{ kubeconfig: lab.kubeconfigPath, context: lab.kubeContext, namespace: NS }], files: [] });
    try {
      const ctx = { connections, signal: new AbortController().signal, changed: () => undefined, progress: () => undefined };
      const finding = { id: 'orphaned-job-secrets', subject: `namespace ${NS}` } as never;
      const [plan] = await deleteOrphanedJobSecrets.plan({ findings: [finding], facts: {} as never, target: undefined }, ctx);
      const first = plan!.data.candidates[0]!.name;
      const asked: boolean[] = [];
      const outcome = await runFix(deleteOrphanedJobSecrets, plan!, connections, {
        confirm: async (_p, _pre, again) => {
          asked.push(again);
          // Someone touches a Secret between the yes and the delete.
          if (!again) lab.world.kube.objects.find((o) => o.metadata.name === first)!.metadata.resourceVersion = '999999';
          return true;
        },
        audit: async (r) => void audit.push(r),
      }, new AbortController().signal);
      expect(asked).toEqual([false, true]);
      expect(audit.find((a) => a.step === 'apply' && a.result === 'failed')?.detail).toMatch(/conflict: Secret .* changed since the plan was made; planning again/);
      expect(outcome).toMatchObject({ result: 'applied', verified: true });
      expect(outcome.message).toMatch(/Quota freed: all-resources: secrets 100\/100 → 4\/100/);
      expect(jobSecretCount()).toBe(3);
    } finally {
      await connections.close();
    }
  });

  it('once deleted, a fresh collection no longer shows the finding', async () => {
    const r = await runCli(['collect', ...sources(), '--out', join(dir, 'after.zip'), '--json'], { env: env() });
    const doc = JSON.parse(r.stdout) as { findings: { id: string }[] };
    expect(doc.findings.map((f) => f.id)).not.toContain('orphaned-job-secrets');
  });
});
