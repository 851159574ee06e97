import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoLab, type DemoLab } from '../../../electron/core/demo-lab/lab';
import { ZipReader } from '../../../electron/core/evidence/bundle/zip-reader';
import { runCli } from '../../helpers/run-cli';

// `runner-doctor fix` against the demo lab's GitLab and Kubernetes APIs, given only the flags
// `demo-lab` prints: seed 000's job stays "running" after its final update got 403.
const STUCK_JOB = 8540930992;
let lab: DemoLab;
let dir: string;

beforeAll(async () => {
  lab = await startDemoLab();
  dir = await mkdtemp(join(tmpdir(), 'rd-fix-cancel-'));
  lab.world.gitlab.users.push(
    { username: 'reader', token: 'glpat-ReaderOnlyScope0000', admin: false, scopes: ['read_api'], expiresAt: null, runnerIds: [38], projectRoles: { 42: 'maintainer' } },
    { username: 'reporter', token: 'glpat-ReporterRoleOnly000', admin: false, scopes: ['api'], expiresAt: null, runnerIds: [38], projectRoles: { 42: 'reporter' } },
  );
}, 60_000);
afterAll(async () => {
  await lab.stop();
  await rm(dir, { recursive: true, force: true });
});

const sources = () => ['--kubeconfig', lab.kubeconfigPath, '--kube-context', lab.kubeContext, '--namespace', lab.namespace, '--gitlab-url', lab.gitlab.url, '--gitlab-ca-file', lab.gitlab.caFile];
const env = (token = lab.gitlab.token) => ({ RUNNER_DOCTOR_CONFIG_DIR: join(dir, 'config'), GITLAB_TOKEN: token, SSH_AUTH_SOCK: '' });
const job = () => lab.world.gitlab.jobs.find((j) => j.id === STUCK_JOB)!;
const writes = () => lab.requests.gitlab().filter((r) => !r.startsWith('GET '));

describe('runner-doctor fix job-stuck-running (cancel-stuck-job)', () => {
  it('--plan shows the exact calls and the preflight, and writes nothing', async () => {
    const r = await runCli(['fix', 'job-stuck-running', '--plan', ...sources()], { env: env() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`POST /api/v4/projects/42/jobs/${STUCK_JOB}/cancel`);
    expect(r.stdout).toMatch(/preflight: passed/);
    expect(r.stdout).toMatch(/rollback: not possible/);
    expect(r.stdout).not.toContain(lab.gitlab.token);
    expect(writes()).toEqual([]);
    expect(job().status).toBe('running');
  });

  it('--apply without --yes refuses (exit 2) and writes nothing', async () => {
    const r = await runCli(['fix', 'job-stuck-running', '--apply', ...sources()], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/only with --yes/);
    expect(writes()).toEqual([]);
    expect(job().status).toBe('running');
  });

  it('a token without the api scope is refused with the missing scope named', async () => {
    const r = await runCli(['fix', 'job-stuck-running', '--apply', '--yes', ...sources()], { env: env('glpat-ReaderOnlyScope0000') });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/REFUSED .*lacks the api scope/);
    expect(writes()).toEqual([]);
  });

  it('a user below the developer role is refused with the role named', async () => {
    const r = await runCli(['fix', 'job-stuck-running', '--plan', '--json', ...sources()], { env: env('glpat-ReporterRoleOnly000') });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { plans: { preflight: { ok: boolean; checks: { detail: string }[] } }[] };
    expect(doc.plans[0]?.preflight.ok).toBe(false);
    expect(doc.plans[0]?.preflight.checks.map((c) => c.detail).join('\n')).toMatch(/needs the developer role in acme\/web/);
    expect(writes()).toEqual([]);
  });

  it('--apply --yes cancels (canceling, then force), verifies, audits, and the next collection no longer shows it', async () => {
    const r = await runCli(['fix', 'job-stuck-running', '--apply', '--yes', ...sources()], { env: env() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/APPLIED cancel-stuck-job:8540930992: applied and verified/);
    expect(r.stdout).toMatch(/no longer shows job-stuck-running/);
    expect(job().status).toBe('canceled');
    // The runner lost the job, so the graceful cancel stays "canceling" and the force call finishes it.
    expect(writes()).toEqual([`POST /api/v4/projects/42/jobs/${STUCK_JOB}/cancel`, `POST /api/v4/projects/42/jobs/${STUCK_JOB}/cancel`]);

    const audit = (await readFile(join(dir, 'config', 'audit.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { step: string; result: string; fixId: string; target: { jobId?: number } });
    const applied = audit.filter((a) => a.target.jobId === STUCK_JOB && a.result === 'ok').map((a) => a.step);
    expect(applied).toEqual(expect.arrayContaining(['plan', 'preflight', 'confirm', 'apply', 'verify']));
    expect(audit.some((a) => a.result === 'refused')).toBe(true);
    expect(JSON.stringify(audit)).not.toMatch(/glpat-|glrt-|glcbt-/);

    const out = join(dir, 'after.zip');
    const again = await runCli(['collect', ...sources(), '--out', out, '--json'], { env: env() });
    const doc = JSON.parse(again.stdout) as { findings: { id: string; fixes: { id: string }[] }[] };
    expect(doc.findings.map((f) => f.id)).not.toContain('job-stuck-running');
    expect(doc.findings.some((f) => f.fixes.some((x) => x.id === 'cancel-stuck-job'))).toBe(false);
    const zip = await ZipReader.open(out);
    try {
      expect(await zip.readText('audit.jsonl')).toContain('"fixId":"cancel-stuck-job"');
    } finally {
      zip.close();
    }
  });

  it('once the job is cancelled, job-token-expired no longer calls for a cancel: only the advice by hand is left', async () => {
    const r = await runCli(['fix', 'job-token-expired', '--plan', ...sources()], { env: env() });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/calls for no fix Runner Doctor applies; by hand:\n.*Upgrade GitLab/);
    expect(writes()).toHaveLength(2);
  });
});
