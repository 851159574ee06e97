import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoLab, type DemoLab } from '../../electron/core/demo-lab/lab';
import { SEED_001_DEAD_TOKEN, SEED_001_LIVE_TOKEN, SEED_001_NAMESPACE, SEED_001_RUNNER_ID, SEED_001_SECRET } from '../../electron/core/demo-lab/scenarios/seed-001-token-rejected';
import { SEED_002_NAMESPACE } from '../../electron/core/demo-lab/scenarios/seed-002-kube';
import { SEED_004_NAMESPACE } from '../../electron/core/demo-lab/scenarios/seed-004-orphaned-secrets';
import { RUNNER_NAMESPACE } from '../../electron/core/demo-lab/scenarios/seed-000-job-token-expired';
import type { HostServices } from '../../electron/core/app/handler-types';
import { memorySecretStore } from '../../electron/core/app/memory-secrets';
import { createAppService, type AppService } from '../../electron/core/app/service';
import type { Sources } from '../../shared/ipc/channels';
import type { EventPayload } from '../../shared/ipc/events';
import type { AuditRecord } from '../../shared/fixes';
import { invoker, openWindow, type Window } from './app-harness';

// The Fix step's handlers over the IPC contract, against the demo lab's servers collected as
// the user's own targets (a kubeconfig context, a GitLab URL with a token kept by the app).
let lab: DemoLab;
let dir: string;
let service: AppService;
let tokenRef: string;
const secrets = memorySecretStore('kept in memory');
const host: HostServices = { shell: 'browser', secrets, chooseSavePath: async () => undefined, chooseOpenPath: async () => undefined };
const { call, raw } = invoker(() => service.handlers);

beforeAll(async () => {
  lab = await startDemoLab();
  dir = await mkdtemp(join(tmpdir(), 'rd-app-fixes-'));
  service = createAppService(host, { configDir: join(dir, 'config'), home: join(dir, 'home') });
  ({ tokenRef } = await call('gitlab.saveToken', { url: lab.gitlab.url, token: lab.gitlab.token }));
}, 60_000);
afterAll(async () => {
  await service?.dispose();
  await lab?.stop();
  await rm(dir, { recursive: true, force: true });
});

const sources = (namespace: string): Sources => ({
  kube: [{ kubeconfig: lab.kubeconfigPath, context: lab.kubeContext, namespace }],
  gitlab: { url: lab.gitlab.url, tokenRef, caFile: lab.gitlab.caFile },
});

async function collect(namespace: string) {
  const win = openWindow();
  const { operationId } = await call('collect.start', { sources: sources(namespace) }, win);
  const done = await win.next('operation.finished', (f) => f.operationId === operationId);
  expect(done.status).toBe('ok');
  return call('session.get', { sessionId: done.sessionId! });
}

async function finished(win: Window, operationId: string): Promise<EventPayload<'fix.finished'>> {
  return win.next('fix.finished', (f) => f.operationId === operationId, 120_000);
}

const audit = async (): Promise<AuditRecord[]> =>
  (await readFile(join(dir, 'config', 'audit.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as AuditRecord);
const job = (id: number) => lab.world.gitlab.jobs.find((j) => j.id === id)!;
const namespaceSecrets = (ns: string) => lab.world.kube.objects.filter((o) => o.kind === 'Secret' && o.metadata.namespace === ns).map((o) => o.metadata.name);

describe('Fix step handlers (fix.plan, fix.select, fix.apply, fix.verify, fix.rollback, fix.resume)', () => {
  it('cancel-stuck-job: planned from the collection, refused without a yes, applied with progress, verified, and the finding is gone', async () => {
    const session = await collect(RUNNER_NAMESPACE);
    const finding = session.findings.find((f) => f.id === 'job-stuck-running')!;
    expect(finding).toBeDefined();
    const planned = await call('fix.plan', { sessionId: session.sessionId, findingId: finding.id, ...(finding.subject ? { subject: finding.subject } : {}) });
    expect(planned.fixId).toBe('cancel-stuck-job');
    const { plan, preflight } = planned.plans[0]!;
    expect(plan.calls[0]).toMatch(/^POST \/api\/v4\/projects\/\d+\/jobs\/8540930992\/cancel$/);
    expect(preflight.ok).toBe(true);
    expect(job(8540930992).status).toBe('running');

    const win = openWindow();
    const refused = await finished(win, (await call('fix.apply', { planId: plan.planId, confirm: false }, win)).operationId);
    expect(refused.outcome).toMatchObject({ result: 'refused', message: 'not confirmed; nothing was changed', changed: [] });
    expect(job(8540930992).status).toBe('running');
    expect((await audit()).filter((a) => a.fixId === 'cancel-stuck-job').map((a) => `${a.step}:${a.result}`)).toEqual(['plan:ok', 'preflight:ok', 'confirm:refused']);

    const { operationId } = await call('fix.apply', { planId: plan.planId, confirm: true }, win);
    const done = await finished(win, operationId);
    expect(done.outcome).toMatchObject({ result: 'applied', verified: true });
    expect(job(8540930992).status).toBe('canceled');
    const steps = win.of('fix.progress').filter((p) => p.operationId === operationId).map((p) => `${p.step}:${p.state}`);
    expect(steps).toEqual(expect.arrayContaining(['preflight:running', 'preflight:ok', 'apply:running', 'apply:ok', 'verify:running', 'verify:ok']));
    expect(await call('fix.verify', { planId: plan.planId })).toMatchObject({ ok: true, detail: expect.stringMatching(/canceled/) });
    // Cancelling cannot be undone, and the handler says so instead of writing.
    const rb = await finished(win, (await call('fix.rollback', { planId: plan.planId, confirm: true }, win)).operationId);
    expect(rb.outcome.result).toBe('refused');
    expect(win.transcript()).not.toContain(lab.gitlab.token);

    const after = await collect(RUNNER_NAMESPACE);
    expect(after.findings.map((f) => f.id)).not.toContain('job-stuck-running');
  });

  it('delete-orphaned-job-secrets: lists candidates with reasons, needs the typed namespace, deletes only the selected ones, and a cancel midway says what was deleted', async () => {
    const session = await collect(SEED_004_NAMESPACE);
    const planned = await call('fix.plan', { sessionId: session.sessionId, findingId: 'orphaned-job-secrets' });
    const { plan } = planned.plans[0]!;
    expect(plan.typedConfirmation).toBe(SEED_004_NAMESPACE);
    expect(plan.items).toHaveLength(96);
    expect(plan.items![0]!.reason).toMatch(/(owner pod .* no longer exists|no owner and no live pod uses it); .* old$/);
    const before = namespaceSecrets(SEED_004_NAMESPACE).length;

    const win = openWindow();
    const wrongName = await finished(win, (await call('fix.apply', { planId: plan.planId, confirm: true, typed: 'default' }, win)).operationId);
    expect(wrongName.outcome.result).toBe('refused');
    expect(namespaceSecrets(SEED_004_NAMESPACE)).toHaveLength(before);

    const left = plan.items!.slice(0, 2).map((i) => i.id);
    const keep = plan.items!.slice(2).map((i) => i.id);
    const narrowed = await call('fix.select', { planId: plan.planId, keep });
    expect(narrowed.plan.items).toHaveLength(94);
    expect(narrowed.preflight.checks.find((c) => c.name === 'server-side dry run')?.detail).toBe('all 94 deletions pass dryRun=All with their preconditions');
    expect((await raw('fix.select', { planId: plan.planId, keep: ['not-in-the-plan'] })).ok).toBe(false);

    // Slow answers, so the cancel lands between batches.
    lab.kubeFaults.latencyMs = 150;
    try {
      const { operationId } = await call('fix.apply', { planId: plan.planId, confirm: true, typed: SEED_004_NAMESPACE }, win);
      await win.next('fix.progress', (p) => p.operationId === operationId && p.step === 'apply' && /deleted \d+ of 94/.test(p.message), 60_000);
      expect(await call('operation.cancel', { operationId })).toEqual({ cancelled: true });
      const cancelled = await finished(win, operationId);
      expect(cancelled.outcome.result).toBe('failed');
      expect(cancelled.outcome.message).toMatch(/cancelled/);
      expect(cancelled.outcome.changed.length).toBeGreaterThanOrEqual(10);
      expect(cancelled.outcome.notChanged.length).toBeGreaterThan(0);
      expect(cancelled.outcome.changed.length + cancelled.outcome.notChanged.length).toBe(94);
      expect(namespaceSecrets(SEED_004_NAMESPACE)).toHaveLength(before - cancelled.outcome.changed.length);
    } finally {
      lab.kubeFaults.latencyMs = 0;
    }
    // The deselected Secrets are still there.
    expect(namespaceSecrets(SEED_004_NAMESPACE)).toEqual(expect.arrayContaining(left));
  });

  it('writable-config-dir: applied with the typed-free yes, verified, then rolled back in one action', async () => {
    const session = await collect(SEED_002_NAMESPACE);
    const planned = await call('fix.plan', { sessionId: session.sessionId, findingId: 'config-dir-read-only' });
    expect(planned.fixId).toBe('writable-config-dir');
    const { plan, preflight } = planned.plans[0]!;
    expect(plan.diff).toMatch(/^[-+]/m);
    expect(plan.rollback.possible).toBe(true);
    expect(preflight.ok).toBe(true);
    const win = openWindow();
    const done = await finished(win, (await call('fix.apply', { planId: plan.planId, confirm: true }, win)).operationId);
    expect(done.outcome).toMatchObject({ result: 'applied', verified: true });
    expect((await raw('fix.rollback', { planId: plan.planId, confirm: false })).ok).toBe(false);
    const rolled = await finished(win, (await call('fix.rollback', { planId: plan.planId, confirm: true }, win)).operationId);
    expect(rolled.outcome.result).toBe('rolled-back');
    expect((await audit()).filter((a) => a.fixId === 'writable-config-dir').map((a) => `${a.step}:${a.result}`)).toContain('rollback:ok');
    const after = await collect(SEED_002_NAMESPACE);
    expect(after.findings.map((f) => f.id)).toContain('config-dir-read-only');
  });

  it('rotate-runner-token: the new token is kept before anything else, a failure after the reset is resumable, and resume finishes without a second reset', async () => {
    const session = await collect(SEED_001_NAMESPACE);
    const planned = await call('fix.plan', { sessionId: session.sessionId, findingId: 'runner-token-invalid' });
    expect(planned.tokenKeeping).toBe('memory');
    const { plan } = planned.plans[0]!;
    expect(plan.typedConfirmation).toBe(String(SEED_001_RUNNER_ID));
    expect(plan.changes[0]).toMatch(/written to the app's memory/);
    expect(plan.notes.join(' ')).toMatch(/press Resume on the Fix step/);
    const resets = () => lab.requests.gitlab().filter((r) => r.includes('reset_authentication_token')).length;
    const before = resets();

    const win = openWindow();
    lab.kubeFaults.failRequests.push({ match: /^PATCH .*\/deployments\/gitlab-runner(?!.*dryRun)/, code: 500, message: 'etcdserver: request timed out' });
    let failed;
    try {
      failed = await finished(win, (await call('fix.apply', { planId: plan.planId, confirm: true, typed: String(SEED_001_RUNNER_ID) }, win)).operationId);
    } finally {
      lab.kubeFaults.failRequests.length = 0;
    }
    expect(failed.outcome.result).toBe('failed');
    expect(failed.outcome.message).toMatch(/etcdserver: request timed out; the new token is saved in the app's memory .*: press Resume on the Fix step/);
    expect(failed.resumable).toBe(true);
    expect(resets()).toBe(before + 1);
    const runnerToken = lab.world.gitlab.runners.find((r) => r.id === SEED_001_RUNNER_ID)!.token;
    const secret = lab.world.kube.objects.find((o) => o.kind === 'Secret' && o.metadata.name === SEED_001_SECRET && o.metadata.namespace === SEED_001_NAMESPACE) as unknown as { data: Record<string, string> };
    expect(Buffer.from(secret.data['runner-token']!, 'base64').toString('utf8')).toBe(runnerToken);

    const resumed = await finished(win, (await call('fix.resume', { planId: plan.planId }, win)).operationId);
    expect(resumed.outcome).toMatchObject({ result: 'applied', verified: true });
    expect(resets()).toBe(before + 1);
    // The token went to the app's secret store and never to the window.
    expect(win.transcript()).not.toContain(runnerToken);
    expect(win.transcript()).not.toContain(SEED_001_DEAD_TOKEN);
    const after = await collect(SEED_001_NAMESPACE);
    expect(after.findings.map((f) => f.id)).not.toContain('runner-token-invalid');
  });

  it('rotate-runner-token after a restart: the kept token is found again and the fix resumes without a second reset', async () => {
    // The incident again: GitLab holds a live token, the chart's Secret a dead one, the pod logs 403s.
    lab.world.gitlab.runners.find((r) => r.id === SEED_001_RUNNER_ID)!.token = SEED_001_LIVE_TOKEN;
    const secret = lab.world.kube.objects.find((o) => o.kind === 'Secret' && o.metadata.name === SEED_001_SECRET && o.metadata.namespace === SEED_001_NAMESPACE) as unknown as { data: Record<string, string> };
    secret.data['runner-token'] = Buffer.from(SEED_001_DEAD_TOKEN).toString('base64');
    for (const p of lab.world.kube.objects.filter((o) => o.kind === 'Pod' && o.metadata.namespace === SEED_001_NAMESPACE)) {
      lab.world.kube.logs.set(`${SEED_001_NAMESPACE}/${p.metadata.name}/gitlab-runner`, `${new Date().toISOString()} ERROR: Checking for jobs... forbidden               runner=Ae7Hm2Qs status=POST ${lab.gitlab.url}/api/v4/jobs/request: 403 Forbidden\n`);
    }
    const resets = () => lab.requests.gitlab().filter((r) => r.includes('reset_authentication_token')).length;
    const session = await collect(SEED_001_NAMESPACE);
    const { plan } = (await call('fix.plan', { sessionId: session.sessionId, findingId: 'runner-token-invalid' })).plans[0]!;
    const before = resets();
    const win = openWindow();
    lab.kubeFaults.failRequests.push({ match: /^PATCH .*\/deployments\/gitlab-runner(?!.*dryRun)/, code: 500, message: 'etcdserver: request timed out' });
    try {
      const failed = await finished(win, (await call('fix.apply', { planId: plan.planId, confirm: true, typed: String(SEED_001_RUNNER_ID) }, win)).operationId);
      expect(failed).toMatchObject({ outcome: { result: 'failed' }, resumable: true });
    } finally {
      lab.kubeFaults.failRequests.length = 0;
    }
    const pending = await readFile(join(dir, 'config', 'pending-token-fixes.json'), 'utf8');
    expect(pending).toContain(plan.planId);
    expect(pending).not.toMatch(/glrt-/);

    // The app quits; the secret store (the OS keychain in the desktop app) keeps the token.
    await service.dispose();
    service = createAppService(host, { configDir: join(dir, 'config'), home: join(dir, 'home') });
    const again = await collect(SEED_001_NAMESPACE);
    const resumed = (await call('fix.plan', { sessionId: again.sessionId, findingId: 'runner-token-invalid' })).plans[0]!;
    expect(resumed.plan.changes[0]).toMatch(/^use the token saved in the app's memory .* by the interrupted rotation .*GitLab is not asked to reset again/);
    expect(resumed.preflight.ok).toBe(true);
    const done = await finished(win, (await call('fix.apply', { planId: resumed.plan.planId, confirm: true, typed: String(SEED_001_RUNNER_ID) }, win)).operationId);
    expect(done.outcome).toMatchObject({ result: 'applied', verified: true });
    expect(resets()).toBe(before + 1);
    expect(await readFile(join(dir, 'config', 'pending-token-fixes.json'), 'utf8')).not.toContain(plan.planId);
    expect(win.transcript()).not.toContain(lab.world.gitlab.runners.find((r) => r.id === SEED_001_RUNNER_ID)!.token);
  });

  it('refuses to plan for an opened bundle or a finding the collection does not have', async () => {
    const session = await collect(SEED_002_NAMESPACE);
    const missing = await raw('fix.plan', { sessionId: session.sessionId, findingId: 'no-such-finding' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await raw('fix.apply', { planId: 'cancel-stuck-job:1', confirm: true })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});
