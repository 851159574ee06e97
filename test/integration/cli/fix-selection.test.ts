import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoLab, type DemoLab } from '../../../electron/core/demo-lab/lab';
import { SEED_004_NAMESPACE as NS } from '../../../electron/core/demo-lab/scenarios/seed-004-orphaned-secrets';
import type { AuditRecord } from '../../../shared/fixes';
import { runCli } from '../../helpers/run-cli';

// `fix --only/--exclude` with the built CLI against the lab's Kubernetes API (seed 004: 96
// orphaned job Secrets): the user picks items by the ids --plan lists, and the dry run, the
// deletion and the audit log cover exactly that selection.
let lab: DemoLab;
let dir: string;

beforeAll(async () => {
  lab = await startDemoLab();
  dir = await mkdtemp(join(tmpdir(), 'rd-fix-select-'));
}, 60_000);
afterAll(async () => {
  await lab.stop();
  await rm(dir, { recursive: true, force: true });
});

const sources = ['--kubeconfig', () => lab.kubeconfigPath, '--kube-context', () => lab.kubeContext, '--namespace', NS];
const args = (...rest: string[]) => ['fix', 'orphaned-job-secrets', ...rest, ...sources.map((s) => (typeof s === 'function' ? s() : s))];
const env = () => ({ RUNNER_DOCTOR_CONFIG_DIR: join(dir, 'config'), GITLAB_TOKEN: '', SSH_AUTH_SOCK: '' });
const jobSecrets = () => lab.world.kube.objects.filter((o) => o.kind === 'Secret' && o.metadata.namespace === NS && /-project-\d+-concurrent-/.test(o.metadata.name)).map((o) => o.metadata.name);
/** DELETE calls on Secrets the lab saw (it logs paths, not queries: under --plan every one is a dry run). */
const dryRunDeletes = () => lab.requests.kube().filter((r) => /^DELETE .*\/secrets\//.test(r));
const audit = async () => (await readFile(join(dir, 'config', 'audit.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as AuditRecord);
type PlanDoc = { plans: { plan: { items: { id: string }[]; leftOut?: string[]; changes: string[] }; preflight?: { checks: { name: string; detail: string }[] } }[] };

describe('runner-doctor fix --only/--exclude (choosing the items of a plan)', () => {
  let ids: string[];

  it('--plan lists every item id to choose from, and changes nothing', async () => {
    const r = await runCli(args('--plan'), { env: env() });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/items \(one change each; --only ID keeps only those named, --exclude ID leaves one out, both repeatable\):/);
    ids = [...r.stdout.matchAll(/^ {4}(runner-\S+-project-\d+-concurrent-\S+): (its owner pod|no owner)/gm)].map((m) => m[1]!);
    expect(ids).toHaveLength(96);
    expect(jobSecrets()).toHaveLength(99);
  });

  it('an id that is in no plan is a usage error on one line, before any dry run', async () => {
    const before = dryRunDeletes().length;
    const r = await runCli(args('--plan', '--exclude', ids[0]!, '--exclude', 'runner-nope-project-1-concurrent-0'), { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('runner-doctor: delete-orphaned-job-secrets: "runner-nope-project-1-concurrent-0" is not in the plan; --plan lists the plan and item ids to choose from\n');
    expect(r.stdout).toBe('');
    expect(dryRunDeletes().length).toBe(before);
  });

  it('--plan --exclude dry-runs only the selection and shows what was left out', async () => {
    const before = dryRunDeletes().length;
    const r = await runCli(args('--plan', '--json', '--exclude', ids[0]!, '--exclude', ids[1]!), { env: env() });
    expect(r.code).toBe(0);
    const plan = (JSON.parse(r.stdout) as PlanDoc).plans[0]!;
    expect(plan.plan.items.map((i) => i.id)).toEqual(ids.slice(2));
    expect(plan.plan.changes).toHaveLength(94);
    expect(plan.plan.leftOut).toEqual([ids[0], ids[1]]);
    expect(plan.preflight?.checks.find((c) => c.name === 'server-side dry run')?.detail).toBe('all 94 deletions pass dryRun=All with their preconditions');
    const dryRun = dryRunDeletes().slice(before);
    expect(dryRun).toHaveLength(94);
    expect(dryRun.some((d) => d.endsWith(`/${ids[0]}`) || d.endsWith(`/${ids[1]}`))).toBe(false);
    expect(jobSecrets()).toHaveLength(99);
  });

  it('--apply --yes --only deletes exactly the Secrets named and records the selection in the audit log', async () => {
    const chosen = ids.slice(0, 3);
    const r = await runCli(args('--apply', '--yes', ...chosen.flatMap((id) => ['--only', id])), { env: env(), timeoutMs: 120_000 });
    expect(r.stdout).toMatch(/APPLIED delete-orphaned-job-secrets:.*applied and verified: none of the 3 Secrets is left/);
    expect(r.stdout).toContain('left out by you: ');
    // The other 93 orphans are still there, so the finding still calls for the fix: exit 1, as the contract says.
    expect(r.stdout).toMatch(/A fresh collection still shows orphaned-job-secrets/);
    expect(r.code).toBe(1);
    const left = jobSecrets();
    expect(left).toHaveLength(96);
    for (const id of chosen) expect(left).not.toContain(id);
    const planRecord = (await audit()).find((a) => a.step === 'plan' && a.fixId === 'delete-orphaned-job-secrets');
    expect(planRecord?.selection?.kept).toEqual(chosen);
    expect(planRecord?.selection?.leftOut).toEqual(ids.slice(3));
  });

  it('--exclude keeps a Secret through the deletion of all the others', async () => {
    const keep = ids[3]!;
    const r = await runCli(args('--apply', '--yes', '--exclude', keep), { env: env(), timeoutMs: 120_000 });
    expect(r.stdout).toMatch(/applied and verified: none of the 92 Secrets is left/);
    expect(r.code).toBe(1);
    const left = jobSecrets();
    expect(left).toContain(keep);
    expect(left.filter((n) => ids.includes(n))).toEqual([keep]);
  });

  it('a selection that leaves nothing, and a selection with --rollback, are usage errors', async () => {
    const nothing = await runCli(args('--plan', '--exclude', ids[3]!), { env: env() });
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toBe('runner-doctor: delete-orphaned-job-secrets: --only and --exclude leave nothing to fix\n');
    const rollback = await runCli(args('--rollback', '--yes', '--only', ids[3]!), { env: env() });
    expect(rollback.code).toBe(2);
    expect(rollback.stderr).toMatch(/^runner-doctor: --only and --exclude choose what a fix plans; --rollback undoes the whole last fix\n$/);
  });
});
