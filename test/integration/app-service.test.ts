import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/core/app/dispatch';
import type { HandlerContext, HostServices } from '../../electron/core/app/handler-types';
import { createAppService, type AppService } from '../../electron/core/app/service';
import { memorySecretStore } from '../../electron/core/app/memory-secrets';
import type { EventName, EventPayload } from '../../shared/ipc/events';
import type { SessionSummary } from '../../shared/ipc/channels';

type Emitted = { event: EventName; payload: EventPayload<EventName> };

let dir: string;
let service: AppService;
let savePath: string | undefined;
const host: HostServices = {
  shell: 'browser',
  secrets: memorySecretStore('kept in memory'),
  chooseSavePath: async () => savePath,
  chooseOpenPath: async () => undefined,
};

function recorder() {
  const events: Emitted[] = [];
  const ctx: HandlerContext = { emit: (event, payload) => events.push({ event, payload: payload as EventPayload<EventName> }) };
  const finished = (operationId: string) =>
    new Promise<EventPayload<'operation.finished'>>((resolve, reject) => {
      const deadline = Date.now() + 60_000;
      const poll = () => {
        const hit = events.find(
          (e) => e.event === 'operation.finished' && (e.payload as { operationId: string }).operationId === operationId,
        );
        if (hit) return resolve(hit.payload as EventPayload<'operation.finished'>);
        if (Date.now() > deadline) return reject(new Error('operation did not finish'));
        setTimeout(poll, 20);
      };
      poll();
    });
  return { events, ctx, finished };
}

async function call<T = unknown>(channel: string, input: unknown, ctx: HandlerContext = recorder().ctx): Promise<T> {
  const res = await dispatch(service.handlers, channel, input, ctx);
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`);
  return res.value as T;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rd-service-'));
  service = createAppService(host, { configDir: join(dir, 'config'), home: join(dir, 'home') });
});
afterAll(async () => {
  await service.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('app service over the IPC contract', () => {
  it('rejects input that does not match the channel schema, with an error envelope', async () => {
    const res = await dispatch(service.handlers, 'collect.start', { sources: { kube: [{ context: '' }] } }, recorder().ctx);
    expect(res).toEqual({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('sources.kube.0.context') } });
    expect(await dispatch(service.handlers, 'no.such.channel', {}, recorder().ctx)).toMatchObject({
      ok: false,
      error: { code: 'unknown-channel' },
    });
  });

  it('collects from the demo lab with progress events, then shows findings and exports a bundle', async () => {
    const lab = await call<{ running: boolean; kubeContext: string }>('demo.start', {});
    expect(lab).toMatchObject({ running: true, kubeContext: 'runner-doctor-demo' });
    const rec = recorder();
    const { operationId } = await call<{ operationId: string }>('collect.start', { sources: { demo: true } }, rec.ctx);
    const done = await rec.finished(operationId);
    expect(done.status).toBe('ok');
    const progress = rec.events.filter((e) => e.event === 'operation.progress').map((e) => e.payload as EventPayload<'operation.progress'>);
    expect(progress.every((p) => p.operationId === operationId)).toBe(true);
    expect(progress.some((p) => p.source.startsWith('kube:runner-doctor-demo/gitlab-runner/gitlab-runner-') && p.state === 'done')).toBe(
      true,
    );

    const session = await call<SessionSummary>('session.get', { sessionId: done.sessionId });
    const finding = session.findings.find((f) => f.id === 'job-token-expired');
    expect(finding?.evidence.some((e) => e.excerpt.includes('403 Forbidden'))).toBe(true);
    // The excerpt's file and line can be opened to show the context around it.
    const cited = finding!.evidence[0]!;
    const { lines } = await call<{ lines: string[] }>('evidence.lines', {
      sessionId: session.sessionId,
      path: cited.file,
      fromLine: cited.line,
      count: 1,
    });
    expect(lines[0]).toContain(cited.excerpt.slice(0, 40));

    savePath = undefined;
    expect(await call('bundle.export', { sessionId: session.sessionId })).toEqual({ saved: false });
    savePath = join(dir, 'exported.zip');
    const saved = await call<{ saved: boolean; path: string; sha256: string }>('bundle.export', { sessionId: session.sessionId });
    expect(saved).toMatchObject({ saved: true, path: savePath });
    expect(saved.sha256).toMatch(/^[0-9a-f]{64}$/);

    const opened = await call<{ opened: boolean; session: SessionSummary }>('bundle.open', { path: savePath });
    expect(opened.session.origin).toBe('bundle');
    expect(opened.session.findings.map((f) => f.id)).toEqual(session.findings.map((f) => f.id));
    // An opened bundle's report describes the bundle as it was made, not a new one.
    const reopened = await call<{ markdown: string }>('report.markdown', { sessionId: opened.session.sessionId });
    expect(reopened.markdown).toMatch(/Created \d{4}-\d\d-\d\dT[\d:.]+Z by runner-doctor/);
    expect(reopened.markdown).toContain('job-token-expired');

    const { markdown } = await call<{ markdown: string }>('report.markdown', { sessionId: session.sessionId });
    expect(markdown).toContain('job-token-expired');
  });

  it('collects only the demo targets the user kept ticked, each once', async () => {
    const lab = await call<{ gitlabUrl: string }>('demo.start', {});
    const rec = recorder();
    const { operationId } = await call<{ operationId: string }>(
      'collect.start',
      { sources: { demo: true, demoTargets: ['gitlab', 'ssh'] } },
      rec.ctx,
    );
    const done = await rec.finished(operationId);
    const session = await call<SessionSummary>('session.get', { sessionId: done.sessionId });
    expect(session.sources.map((s) => s.id).sort()).toEqual([`gitlab:${new URL(lab.gitlabUrl).host}`, 'ssh:demo-runner-host']);
    expect(session.files.some((f) => f.source.startsWith('kube:'))).toBe(false);
  });

  it('cancel stops a running collection and reports it as cancelled', async () => {
    await call('demo.start', {});
    const rec = recorder();
    const { operationId } = await call<{ operationId: string }>('collect.start', { sources: { demo: true } }, rec.ctx);
    expect(await call('operation.cancel', { operationId })).toEqual({ cancelled: true });
    expect((await rec.finished(operationId)).status).toBe('cancelled');
    expect(await call('operation.cancel', { operationId })).toEqual({ cancelled: false });
  });

  it('an unreachable cluster is recorded as a collection error, and the others still run', async () => {
    const kubeconfig = join(dir, 'dead-kubeconfig');
    await writeFile(
      kubeconfig,
      'apiVersion: v1\nkind: Config\ncurrent-context: dead\nclusters:\n- name: dead\n  cluster:\n    server: https://127.0.0.1:1\ncontexts:\n- name: dead\n  context: {cluster: dead, user: u}\nusers:\n- name: u\n  user: {token: abc}\n',
    );
    const rec = recorder();
    const { operationId } = await call<{ operationId: string }>(
      'collect.start',
      { sources: { demo: true, kube: [{ context: 'dead', namespace: 'x', kubeconfig }] } },
      rec.ctx,
    );
    const done = await rec.finished(operationId);
    expect(done.status).toBe('ok');
    const session = await call<SessionSummary>('session.get', { sessionId: done.sessionId });
    expect(session.errors.find((e) => e.source === 'kube:dead/x')?.message).toMatch(/context dead .*127\.0\.0\.1:1.*refused/i);
    expect(session.findings.some((f) => f.id === 'job-token-expired')).toBe(true);
  });

  it('a new collection removes the previous collected diagnosis and its temp evidence', async () => {
    const logs = join(dir, 'logs');
    await rm(logs, { recursive: true, force: true });
    await mkdir(logs, { recursive: true });
    await writeFile(join(logs, 'runner.log'), 'Checking for jobs... received job=1\n');
    const ours = async () => {
      const names = (await readdir(tmpdir())).filter((n) => n.startsWith('runner-doctor-session-'));
      const owned = await Promise.all(names.map(async (n) => ((await readFile(join(tmpdir(), n, '.owner-pid'), 'utf8').catch(() => '')) === String(process.pid) ? n : '')));
      return owned.filter(Boolean);
    };
    const collect = async () => {
      const rec = recorder();
      const { operationId } = await call<{ operationId: string }>('collect.start', { sources: { files: [logs] } }, rec.ctx);
      const done = await rec.finished(operationId);
      expect(done.status).toBe('ok');
      return done.sessionId as string;
    };
    const first = await collect();
    const before = await ours();
    const second = await collect();
    expect((await call<SessionSummary>('session.get', { sessionId: second })).files.map((f) => f.path)).toEqual(['evidence/files/runner.log']);
    const res = await dispatch(service.handlers, 'session.get', { sessionId: first }, recorder().ctx);
    expect(res).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const after = await ours();
    expect(after.length).toBe(before.length);
    expect(after).not.toEqual(before);
  });

  it('at start-up, removes the temp evidence of an app that was killed, and keeps a running one\'s', async () => {
    const dead = join(tmpdir(), `runner-doctor-session-killed-${process.pid}`);
    const live = join(tmpdir(), `runner-doctor-session-live-${process.pid}`);
    for (const d of [dead, live]) await mkdir(d, { recursive: true });
    await writeFile(join(dead, '.owner-pid'), String(spawnSync(process.execPath, ['-e', '0']).pid));
    await writeFile(join(live, '.owner-pid'), String(process.ppid));
    const started = createAppService(host, { configDir: join(dir, 'config2'), home: join(dir, 'home') });
    try {
      const deadline = Date.now() + 10_000;
      while (existsSync(dead) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(existsSync(dead)).toBe(false);
      expect(existsSync(live)).toBe(true);
    } finally {
      await started.dispose();
      await rm(live, { recursive: true, force: true });
    }
  });

  it('opening something that is not a bundle gives a clear error', async () => {
    const bogus = join(dir, 'bogus.zip');
    await writeFile(bogus, 'not a zip');
    const res = await dispatch(service.handlers, 'bundle.open', { path: bogus }, recorder().ctx);
    expect(res).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('not a readable zip file') } });
  });
});
