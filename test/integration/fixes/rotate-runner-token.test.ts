import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoLab, type DemoLab } from '../../../electron/core/demo-lab/lab';
import {
  SEED_001_DEAD_TOKEN,
  SEED_001_LIVE_TOKEN,
  SEED_001_NAMESPACE as NS,
  SEED_001_RUNNER_ID as RUNNER,
  SEED_001_SECRET,
} from '../../../electron/core/demo-lab/scenarios/seed-001-token-rejected';
import { FixConnections } from '../../../electron/core/fixes/connections';
import { runFix } from '../../../electron/core/fixes/lifecycle';
import { rotateRunnerToken } from '../../../electron/core/fixes/rotate-runner-token';
import { openTokenFile } from '../../../electron/core/fixes/token-file';
import type { AuditRecord } from '../../../shared/fixes';
import { fixEnv, labObject, labSources } from '../../helpers/fix-lab';
import { runCli } from '../../helpers/run-cli';

// rotate-runner-token against the lab's GitLab and Kubernetes APIs (seed 001: a Helm-chart
// runner whose token was reset in GitLab; the chart's Secret still holds the dead one).
let lab: DemoLab;
let dir: string;
let n = 0;

beforeAll(async () => {
  lab = await startDemoLab();
  dir = await mkdtemp(join(tmpdir(), 'rd-fix-rotate-'));
  lab.world.gitlab.users.push({ username: 'reader', token: 'glpat-ReaderOnlyScope0001', admin: false, scopes: ['read_api'], expiresAt: null, runnerIds: [RUNNER] });
}, 60_000);
afterAll(async () => {
  await lab.stop();
  await rm(dir, { recursive: true, force: true });
});

const sources = () => labSources(lab, NS);
const env = (token = lab.gitlab.token) => fixEnv(dir, token);
const runner = () => lab.world.gitlab.runners.find((r) => r.id === RUNNER)!;
const secret = () => labObject<{ data: Record<string, string>; metadata: { resourceVersion: string } }>(lab, 'Secret', NS, SEED_001_SECRET);
const secretToken = () => Buffer.from(secret().data['runner-token']!, 'base64').toString('utf8');
const deployment = () => labObject<{ spec: { paused?: boolean; template: { metadata?: { annotations?: Record<string, string> } } } }>(lab, 'Deployment', NS);
const resets = () => lab.requests.gitlab().filter((r) => r.includes('reset_authentication_token'));
const tokenFile = () => join(dir, `token-${++n}`);
/** `POST /runners/reset_authentication_token` with a runner token, as gitlab-runner sends it. */
async function resetWithToken(token: string): Promise<{ status: number; token?: string }> {
  const ca = await readFile(lab.gitlab.caFile);
  return new Promise((resolve, reject) => {
    const req = request(`${lab.gitlab.url}/api/v4/runners/reset_authentication_token`, { method: 'POST', ca, headers: { 'content-type': 'application/json' } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ...(res.statusCode === 201 ? { token: (JSON.parse(body) as { token: string }).token } : {}) }));
    });
    req.on('error', reject);
    req.end(JSON.stringify({ token }));
  });
}
/** Puts the incident back: GitLab holds a live token, the Secret a dead one, the pod logs 403s. */
function breakAgain(): void {
  runner().token = SEED_001_LIVE_TOKEN;
  secret().data['runner-token'] = Buffer.from(SEED_001_DEAD_TOKEN).toString('base64');
  for (const p of lab.world.kube.objects.filter((o) => o.kind === 'Pod' && o.metadata.namespace === NS)) {
    lab.world.kube.logs.set(`${NS}/${p.metadata.name}/gitlab-runner`, `${new Date().toISOString()} ERROR: Checking for jobs... forbidden               runner=Ae7Hm2Qs status=POST ${lab.gitlab.url}/api/v4/jobs/request: 403 Forbidden\n`);
  }
}

describe('runner-doctor fix runner-token-invalid (rotate-runner-token)', () => {
  it('--plan names the runner, shows tokens only as type and last 4, says rotation cannot be rolled back, and writes nothing', async () => {
    const r = await runCli(['fix', 'runner-token-invalid', '--plan', ...sources()], { env: env() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`POST /api/v4/runners/${RUNNER}/reset_authentication_token`);
    expect(r.stdout).toContain(`…${SEED_001_DEAD_TOKEN.slice(-4)}`);
    expect(r.stdout).not.toContain(SEED_001_DEAD_TOKEN);
    expect(r.stdout).not.toContain(SEED_001_LIVE_TOKEN);
    expect(r.stdout).toMatch(/cannot be rolled back/);
    expect(r.stdout).toMatch(/server-side dry run: the Secret and Deployment patches pass dryRun=All/);
    expect(resets()).toEqual([]);
    expect(runner().token).toBe(SEED_001_LIVE_TOKEN);
  });

  it('--plan --token-file names the file in its preflight and neither creates it nor resets anything', async () => {
    const file = tokenFile();
    const r = await runCli(['fix', 'runner-token-invalid', '--plan', '--token-file', file, ...sources()], { env: env() });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`ok  token file: the new token goes to ${file} (mode 0600) before any other step`);
    expect(r.stdout).not.toMatch(/none given yet/);
    await expect(stat(file)).rejects.toThrow();
    expect(resets()).toEqual([]);
  });

  it('--apply without --token-file is refused before anything is written (exit 2)', async () => {
    const r = await runCli(['fix', 'runner-token-invalid', '--apply', '--yes', ...sources()], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/needs --token-file FILE/);
    expect(resets()).toEqual([]);
  });

  it('an existing token file is refused unless --resume, and --resume refuses an empty one', async () => {
    const used = tokenFile();
    await writeFile(used, 'glrt-SomeEarlierRotation0000\n', { mode: 0o600 });
    const r = await runCli(['fix', 'runner-token-invalid', '--apply', '--yes', '--token-file', used, ...sources()], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/already holds a token .*--resume/);
    const empty = tokenFile();
    await writeFile(empty, '');
    const r2 = await runCli(['fix', 'runner-token-invalid', '--apply', '--yes', '--resume', '--token-file', empty, ...sources()], { env: env() });
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/--resume needs the token saved .* is empty/);
    expect(resets()).toEqual([]);
  });

  it('--apply without --yes refuses (exit 2) and resets nothing', async () => {
    const file = tokenFile();
    const r = await runCli(['fix', 'runner-token-invalid', '--apply', '--token-file', file, ...sources()], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/only with --yes/);
    expect(resets()).toEqual([]);
    await expect(stat(file)).rejects.toThrow();
  });

  it('a token without the api or manage_runner scope is refused with the missing scope named', async () => {
    const r = await runCli(['fix', 'runner-token-invalid', '--apply', '--yes', '--token-file', tokenFile(), ...sources()], { env: env('glpat-ReaderOnlyScope0001') });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/REFUSED .*lacks the api or manage_runner scope/);
    expect(resets()).toEqual([]);
  });

  it('a paused Deployment is refused before GitLab is asked to reset: a restart would not roll out', async () => {
    deployment().spec.paused = true;
    try {
      const r = await runCli(['fix', 'runner-token-invalid', '--apply', '--yes', '--token-file', tokenFile(), ...sources()], { env: env() });
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/REFUSED .*Deployment gitlab-runner is paused/);
      expect(resets()).toEqual([]);
    } finally {
      delete deployment().spec.paused;
    }
  });

  it('a failing server-side dry run refuses the fix before GitLab is asked to reset', async () => {
    lab.kubeFaults.failRequests.push({ match: /^PATCH .*\/secrets\/.*dryRun=All/, code: 400, message: 'admission webhook "protect-secrets.example.com" denied the request' });
    try {
      const r = await runCli(['fix', 'runner-token-invalid', '--apply', '--yes', '--token-file', tokenFile(), ...sources()], { env: env() });
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/REFUSED .*server-side dry run: .*protect-secrets/);
      expect(resets()).toEqual([]);
      expect(runner().token).toBe(SEED_001_LIVE_TOKEN);
    } finally {
      lab.kubeFaults.failRequests.length = 0;
    }
  });

  it('a Secret that changes after the yes (409) plans again before the reset and asks again', async () => {
    const audit: AuditRecord[] = [];
    const file = tokenFile();
    const connections = new FixConnections(
      { kube: [{ kubeconfig: lab.kubeconfigPath, context: lab.kubeContext, namespace: NS }], gitlab: { url: lab.gitlab.url, token: lab.gitlab.token, caFile: lab.gitlab.caFile }, files: [] },
      await openTokenFile(file, false),
    );
    try {
      const ctx = { connections, signal: new AbortController().signal, changed: () => undefined, progress: () => undefined };
      const facts = { gitlab: { runners: new Map([[RUNNER, { id: RUNNER, description: 'shared-k8s-runner' }]]) }, configs: [] } as never;
      const [plan] = await rotateRunnerToken.plan({ findings: [{ id: 'runner-token-invalid', evidence: [] } as never], facts, target: undefined }, ctx);
      const asked: boolean[] = [];
      const outcome = await runFix(rotateRunnerToken, plan!, connections, {
        confirm: async (_p, _pre, again) => {
          asked.push(again);
          // Someone edits the Secret between the yes and the reset.
          if (!again) secret().metadata.resourceVersion = '999999';
          return true;
        },
        audit: async (r) => void audit.push(r),
      }, new AbortController().signal);
      expect(asked).toEqual([false, true]);
      expect(audit.find((a) => a.step === 'apply' && a.result === 'failed')?.detail).toMatch(/conflict: Secret .* changed since the plan was made; planning again/);
      expect(resets()).toHaveLength(1);
      expect(outcome).toMatchObject({ result: 'applied', verified: true });
      const saved = (await readFile(file, 'utf8')).trim();
      expect(saved).toBe(runner().token);
      expect(secretToken()).toBe(saved);
      expect(JSON.stringify(audit)).not.toContain(saved);
    } finally {
      await connections.close();
      breakAgain();
    }
  });

  it('--apply --yes saves the token first (0600), writes the Secret without a newline, restarts, verifies, and the finding is gone', async () => {
    const file = tokenFile();
    const before = resets().length;
    const r = await runCli(['fix', 'runner-token-invalid', '--apply', '--yes', '--token-file', file, ...sources()], { env: env() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/APPLIED .*applied and verified: Secret gitlab-runner-secret holds the new token; 1\/1 pods Ready after the rollout; no restarted pod logs a 403; GitLab saw runner 63 at \S+ \(online\)/);
    expect(runner().status).toBe('online');
    expect(r.stdout).toMatch(/no longer shows runner-token-invalid/);
    expect(resets()).toHaveLength(before + 1);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const saved = (await readFile(file, 'utf8')).trim();
    expect(saved).toMatch(/^glrt-/);
    expect(runner().token).toBe(saved);
    expect(secretToken()).toBe(saved);
    expect(r.stdout).not.toContain(saved);
    expect(deployment().spec.template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt']).toMatch(/^\d{4}-/);
    const audit = await readFile(join(dir, 'config', 'audit.jsonl'), 'utf8');
    expect(audit).not.toContain(saved);
    expect(audit).toMatch(/"fixId":"rotate-runner-token".*"step":"verify","result":"ok"/);
  });

  it('the lab GitLab behaves as GitLab: the old token is dead at once, and a reset is not idempotent', async () => {
    const current = runner().token;
    expect((await resetWithToken(SEED_001_LIVE_TOKEN)).status).toBe(403);
    const first = await resetWithToken(current);
    expect(first.status).toBe(201);
    expect(first.token).not.toBe(current);
    // Repeating the same call with the same token fails: that token died with the first reset.
    expect((await resetWithToken(current)).status).toBe(403);
    expect(runner().token).toBe(first.token);
  });

  it('a failure after the reset leaves the token in the file and --resume finishes without a second reset', async () => {
    breakAgain();
    const file = tokenFile();
    lab.kubeFaults.failRequests.push({ match: /^PATCH .*\/deployments\/gitlab-runner(?!.*dryRun)/, code: 500, message: 'etcdserver: request timed out' });
    let saved: string;
    const before = resets().length;
    try {
      const r = await runCli(['fix', 'runner-token-invalid', '--apply', '--yes', '--token-file', file, ...sources()], { env: env() });
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/FAILED .*etcdserver: request timed out; the new token is saved in .*--resume --token-file/);
      saved = (await readFile(file, 'utf8')).trim();
      expect(runner().token).toBe(saved);
      expect(secretToken()).toBe(saved);
      expect(resets()).toHaveLength(before + 1);
    } finally {
      lab.kubeFaults.failRequests.length = 0;
    }
    const again = await runCli(['fix', 'runner-token-invalid', '--apply', '--yes', '--resume', '--token-file', file, ...sources()], { env: env() });
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/use the token saved in .* GitLab is not asked to reset again/);
    expect(again.stdout).toMatch(/APPLIED .*applied and verified/);
    expect(again.stdout).toMatch(/no longer shows runner-token-invalid/);
    expect(resets()).toHaveLength(before + 1);
    expect(runner().token).toBe(saved);
  });

  it('a saved token GitLab does not know: the restarted runner logs 403 and verification says so', async () => {
    const file = tokenFile();
    await writeFile(file, 'glrt-NotKnownToThisGitLab0\n', { mode: 0o600 });
    const connections = new FixConnections(
      { kube: [{ kubeconfig: lab.kubeconfigPath, context: lab.kubeContext, namespace: NS }], gitlab: { url: lab.gitlab.url, token: lab.gitlab.token, caFile: lab.gitlab.caFile }, files: [] },
      await openTokenFile(file, true),
    );
    const before = resets().length;
    try {
      const ctx = { connections, signal: new AbortController().signal, changed: () => undefined, progress: () => undefined };
      const facts = { gitlab: { runners: new Map([[RUNNER, { id: RUNNER, description: 'shared-k8s-runner' }]]) }, configs: [] } as never;
      const [plan] = await rotateRunnerToken.plan({ findings: [{ id: 'runner-token-invalid', evidence: [] } as never], facts, target: undefined }, ctx);
      expect(plan!.calls.some((c) => c.includes('reset_authentication_token'))).toBe(false);
      const outcome = await runFix(rotateRunnerToken, plan!, connections, { confirm: async () => true, audit: async () => undefined }, new AbortController().signal);
      expect(outcome).toMatchObject({ result: 'applied', verified: false });
      expect(outcome.message).toMatch(/still logs that GitLab refuses its token/);
      expect(resets()).toHaveLength(before);
    } finally {
      await connections.close();
    }
  });

  it('without a GitLab token, the reset uses the runner\'s current token: refused (nothing changed) once that token is dead', async () => {
    breakAgain();
    const r = await runCli(['fix', 'runner-token-invalid', '--apply', '--yes', '--target', String(RUNNER), '--token-file', tokenFile(), ...sources()], { env: env('') });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('POST /api/v4/runners/reset_authentication_token (no GITLAB_TOKEN given');
    expect(r.stdout).toMatch(/FAILED .*GitLab rejects the runner's current token \(.*…v6Nx\), so it cannot reset it; nothing was changed/);
    expect(runner().token).toBe(SEED_001_LIVE_TOKEN);
    expect(secretToken()).toBe(SEED_001_DEAD_TOKEN);
  });

  it('without a GitLab token and a current token that still works, the runner resets it itself', async () => {
    breakAgain();
    secret().data['runner-token'] = Buffer.from(SEED_001_LIVE_TOKEN).toString('base64');
    const file = tokenFile();
    const r = await runCli(['fix', 'runner-token-invalid', '--apply', '--yes', '--target', String(RUNNER), '--token-file', file, ...sources()], { env: env('') });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/APPLIED .*applied and verified: .*GitLab not asked whether the runner is back/);
    const saved = (await readFile(file, 'utf8')).trim();
    expect(saved).not.toBe(SEED_001_LIVE_TOKEN);
    expect(runner().token).toBe(saved);
    expect(secretToken()).toBe(saved);
  });
});
