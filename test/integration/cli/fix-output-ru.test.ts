import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoLab, type DemoLab } from '../../../electron/core/demo-lab/lab';
import { runCli } from '../../helpers/run-cli';

// `runner-doctor fix … --lang ru`: the plan, its preflight and the outcome in Russian from the
// fixes catalog, against the demo lab's GitLab (seed 000's stuck job); --json keeps English.
const STUCK_JOB = 8540930992;
let lab: DemoLab;
let dir: string;

beforeAll(async () => {
  lab = await startDemoLab();
  dir = await mkdtemp(join(tmpdir(), 'rd-fix-ru-'));
}, 60_000);
afterAll(async () => {
  await lab.stop();
  await rm(dir, { recursive: true, force: true });
});

const sources = () => ['--kubeconfig', lab.kubeconfigPath, '--kube-context', lab.kubeContext, '--namespace', lab.namespace, '--gitlab-url', lab.gitlab.url, '--gitlab-ca-file', lab.gitlab.caFile];
const env = () => ({ RUNNER_DOCTOR_CONFIG_DIR: join(dir, 'config'), GITLAB_TOKEN: lab.gitlab.token, SSH_AUTH_SOCK: '' });

describe('runner-doctor fix in Russian', () => {
  it('--plan --lang ru: the plan, the checks and the footer in Russian; calls and ids as they are', async () => {
    const r = await runCli(['fix', 'job-stuck-running', '--plan', '--lang', 'ru', ...sources()], { env: env() });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`План 1 из 1: Отменить джобу ${STUCK_JOB} (сейчас «running»)   [cancel-stuck-job для job-stuck-running]`);
    expect(r.stdout).toContain(`    - джоба ${STUCK_JOB}: running → canceled, чтобы пайплайн пошёл дальше`);
    expect(r.stdout).toContain(`POST /api/v4/projects/42/jobs/${STUCK_JOB}/cancel`);
    expect(r.stdout).toMatch(/^ {2}предварительная проверка: пройдена$/m);
    expect(r.stdout).toMatch(/^ {4}ok {2}скоуп токена: у токена есть скоуп api$/m);
    expect(r.stdout).toMatch(/^ {2}откат: невозможен\. Отменённую джобу нельзя продолжить/m);
    expect(r.stdout).toContain('Ничего не изменено. Чтобы применить: та же команда с --apply --yes вместо --plan.');
  });

  it('--plan --json --lang ru keeps the English fields scripts read, with the message ids beside them', async () => {
    const r = await runCli(['fix', 'job-stuck-running', '--plan', '--json', '--lang', 'ru', ...sources()], { env: env() });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { plans: { plan: { title: string; messages?: { title?: { key: string } } }; preflight: { checks: { name: string }[] } }[] };
    expect(out.plans[0]!.plan.title).toBe(`Cancel job ${STUCK_JOB} (now "running")`);
    expect(out.plans[0]!.plan.messages?.title?.key).toBe('plan.cancelJob.title');
    expect(out.plans[0]!.preflight.checks.map((c) => c.name)).toContain('token scope');
  });

  it('--apply without --yes --lang ru: the outcome in Russian, the result word as the contract spells it', async () => {
    const r = await runCli(['fix', 'job-stuck-running', '--apply', '--lang', 'ru', ...sources()], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^REFUSED cancel-stuck-job:\d+: нет подтверждения; ничего не изменено$/m);
    expect(r.stdout).toMatch(/^ {2}не изменено: джоба \d+: running → canceled/m);
  });
});
