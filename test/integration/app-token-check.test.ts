import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostServices } from '../../electron/core/app/handler-types';
import { memorySecretStore } from '../../electron/core/app/memory-secrets';
import { createAppService, type AppService } from '../../electron/core/app/service';
import { startDemoLab, type DemoLab } from '../../electron/core/demo-lab/lab';
import { RUNNER_NAMESPACE } from '../../electron/core/demo-lab/scenarios/seed-000-job-token-expired';
import { SEED_002_PAT } from '../../electron/core/demo-lab/scenarios/seed-002-gitlab';
import { SEED_002_NAMESPACE } from '../../electron/core/demo-lab/scenarios/seed-002-kube';
import type { AuditRecord } from '../../shared/fixes';
import type { Sources } from '../../shared/ipc/channels';
import { invoker, openWindow } from './app-harness';

// "Check this token against GitLab" over the IPC contract: a collection of the demo lab's
// cluster and GitLab (as the user's own) finds runner tokens in two ConfigMaps' config.toml.
// They are listed without the token, nothing is sent without a yes, and the check is
// POST /runners/verify, which the lab's GitLab records as the runner's contact, as GitLab does.
let lab: DemoLab;
let dir: string;
let service: AppService;
const host: HostServices = { shell: 'browser', secrets: memorySecretStore('kept in memory'), chooseSavePath: async () => undefined, chooseOpenPath: async () => undefined };
const { call, raw } = invoker(() => service.handlers);
let sources: Sources;

beforeAll(async () => {
  lab = await startDemoLab();
  dir = await mkdtemp(join(tmpdir(), 'rd-app-token-check-'));
  service = createAppService(host, { configDir: join(dir, 'config'), home: join(dir, 'home') });
  const { tokenRef } = await call('gitlab.saveToken', { url: lab.gitlab.url, token: lab.gitlab.token });
  sources = {
    kube: [RUNNER_NAMESPACE, SEED_002_NAMESPACE].map((namespace) => ({ kubeconfig: lab.kubeconfigPath, context: lab.kubeContext, namespace })),
    gitlab: { url: lab.gitlab.url, tokenRef, caFile: lab.gitlab.caFile },
  };
}, 60_000);
afterAll(async () => {
  await service?.dispose();
  await lab?.stop();
  await rm(dir, { recursive: true, force: true });
});

const verifies = () => lab.requests.gitlab().filter((r) => r.startsWith('POST /api/v4/runners/verify')).length;

describe('checking collected runner tokens against GitLab (gitlab.runnerTokens, gitlab.checkRunnerTokens)', () => {
  it('collection sends no verify; the tokens are listed by type and last 4 only; a check without a yes sends nothing', async () => {
    const win = openWindow();
    const { operationId } = await call('collect.start', { sources }, win);
    const done = await win.next('operation.finished', (f) => f.operationId === operationId);
    expect(done.status).toBe('ok');
    expect(verifies()).toBe(0);
    const { gitlabUrl, tokens } = await call('gitlab.runnerTokens', { sessionId: done.sessionId! }, win);
    expect(gitlabUrl).toBe(lab.gitlab.url);
    expect(tokens.map((t) => t.where).join('\n')).toMatch(new RegExp(`${RUNNER_NAMESPACE}[\\s\\S]*${SEED_002_NAMESPACE}|${SEED_002_NAMESPACE}[\\s\\S]*${RUNNER_NAMESPACE}`));
    const pat = tokens.find((t) => t.token.endsWith(SEED_002_PAT.slice(-4)))!;
    expect(pat.token).toMatch(/^personal, project or group access token \(glpat-\) …/);
    expect(win.transcript()).not.toContain(SEED_002_PAT);
    expect(win.transcript()).not.toMatch(/glrt-[A-Za-z0-9_-]{8,}/);

    const refused = await raw('gitlab.checkRunnerTokens', { sessionId: done.sessionId!, ids: tokens.map((t) => t.id), confirm: false });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(verifies()).toBe(0);
    expect(await raw('gitlab.checkRunnerTokens', { sessionId: done.sessionId!, ids: ['999'], confirm: true })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(verifies()).toBe(0);
  });

  it('with the yes: one POST /runners/verify per token, valid or rejected with its status, the runner heartbeated, every call audited without a token', async () => {
    const win = openWindow();
    const { operationId } = await call('collect.start', { sources }, win);
    const done = await win.next('operation.finished', (f) => f.operationId === operationId);
    const { tokens } = await call('gitlab.runnerTokens', { sessionId: done.sessionId! });
    const glrt = tokens.filter((t) => /^runner authentication token/i.test(t.token));
    expect(glrt.length).toBeGreaterThan(0);
    const before = verifies();
    const { results } = await call('gitlab.checkRunnerTokens', { sessionId: done.sessionId!, ids: tokens.map((t) => t.id), confirm: true }, win);
    expect(verifies()).toBe(before + tokens.length);
    const rejected = results.find((r) => r.token.endsWith(SEED_002_PAT.slice(-4)))!;
    expect(rejected).toMatchObject({ result: 'rejected', status: 403, systemIdSent: '<legacy>' });
    expect(results.some((r) => r.result === 'valid' && r.status === 200)).toBe(true);
    const valid = results.find((r) => r.result === 'valid')!;
    const runner = lab.world.gitlab.runners.find((r) => r.managers.some((m) => m.system_id === '<legacy>'));
    expect(runner).toBeDefined();
    expect(Date.now() - Date.parse(runner!.contacted_at ?? '')).toBeLessThan(60_000);
    expect(valid.where).toContain(RUNNER_NAMESPACE);
    expect(win.transcript()).not.toContain(SEED_002_PAT);
    const audit = (await readFile(join(dir, 'config', 'audit.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as AuditRecord);
    const checks = audit.filter((a) => a.fixId === 'check-runner-token');
    expect(checks).toHaveLength(tokens.length);
    expect(checks.map((c) => c.detail).join('\n')).toMatch(/POST \/api\/v4\/runners\/verify with system_id <legacy>: 403 rejected/);
    expect(checks.every((c) => c.target.gitlabUrl === lab.gitlab.url)).toBe(true);
    const text = await readFile(join(dir, 'config', 'audit.jsonl'), 'utf8');
    expect(text).not.toContain(SEED_002_PAT);
    expect(text).not.toMatch(/glrt-[A-Za-z0-9_-]{8,}/);
  });
});
