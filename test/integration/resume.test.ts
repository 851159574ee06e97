import { copyFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HostServices } from '../../electron/core/app/handler-types';
import { memorySecretStore } from '../../electron/core/app/memory-secrets';
import { createAppService, type AppService } from '../../electron/core/app/service';
import type { SavedCollection, WizardState } from '../../shared/ipc/resume';
import { invoker, openWindow } from './app-harness';

const host: HostServices = {
  shell: 'browser',
  secrets: memorySecretStore('kept in memory'),
  chooseSavePath: async () => undefined,
  chooseOpenPath: async () => undefined,
};

let dir: string;
let configDir: string;
let logPath: string;
let service: AppService;
const { call, raw } = invoker(() => service.handlers);

/** A restart: the service (and everything it held in memory) goes, a new one starts on the same data directory. */
async function restart(): Promise<void> {
  await service.dispose();
  service = createAppService(host, { configDir, home: join(dir, 'home') });
}

async function collect(): Promise<string> {
  return (await collectWithRows()).sessionId;
}

/** A collection, with its rows as the Collect step shows them (the last event of each source). */
async function collectWithRows(): Promise<{ sessionId: string; collection: SavedCollection }> {
  const win = openWindow();
  const { operationId } = await call('collect.start', { sources: { files: [logPath] } }, win);
  const done = await win.next('operation.finished', (f) => f.operationId === operationId, 30_000);
  if (done.status !== 'ok' || !done.sessionId) throw new Error(`collection failed: ${JSON.stringify(done)}`);
  const rows = new Map(win.of('operation.progress').map(({ operationId: _op, ...row }) => [row.source, row]));
  const planned = win.of('operation.planned')[0]?.sources;
  return { sessionId: done.sessionId, collection: { status: done.status, rows: [...rows.values()], ...(planned ? { planned } : {}) } };
}

const baseState = (sessionId?: string): WizardState => ({
  step: 'findings',
  mode: 'real',
  chosen: { kube: true, ssh: false, gitlab: true },
  targets: {
    gitlabUrl: 'https://gitlab.example.com',
    gitlabCaFile: '',
    kubeconfig: '/home/op/.kube/config',
    kubeSelected: ['prod\u0000gitlab-runner'],
    sshConfig: '',
    knownHosts: '',
    sshChosen: [],
    sshTyped: 'ci@runner-1',
    files: logPath,
  },
  ...(sessionId ? { sessionId } : {}),
  preferences: { language: 'ru', theme: 'dark' },
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rd-resume-'));
  configDir = join(dir, 'config');
  logPath = join(dir, 'runner.log');
  const lines = Array.from({ length: 300 }, (_, i) => `Checking for jobs... nothing n=${i + 1}`);
  lines[149] = 'ERROR: Job failed (system failure): frobnicator exploded';
  await writeFile(logPath, `${lines.join('\n')}\n`);
  service = createAppService(host, { configDir, home: join(dir, 'home') });
});
afterAll(async () => {
  await service?.dispose();
  await rm(dir, { recursive: true, force: true });
});
afterEach(async () => {
  // Each case starts from an empty data directory.
  await rm(configDir, { recursive: true, force: true });
  await restart();
});

describe('the wizard state survives a restart', () => {
  it('comes back with its targets, preferences and step, and its diagnosis reopened with the same findings and evidence', async () => {
    const sessionId = await collect();
    const before = await call('session.get', { sessionId });
    expect(before.findings.map((f) => f.id)).toContain('unexplained-errors');
    await call('resume.save', { state: baseState(sessionId) });

    await restart();
    expect((await raw('session.get', { sessionId })).ok).toBe(false);
    const loaded = await call('resume.load', {});
    expect(loaded.problem).toBeUndefined();
    expect(loaded.state).toMatchObject({ ...baseState(), sessionId: expect.any(String) });
    const after = await call('session.get', { sessionId: loaded.state!.sessionId! });
    expect(after.findings.map((f) => f.id)).toEqual(before.findings.map((f) => f.id));
    const cited = after.findings.find((f) => f.id === 'unexplained-errors')!.evidence[0]!;
    const page = await call('evidence.lines', { sessionId: after.sessionId, path: cited.file, fromLine: cited.line, count: 1 });
    expect(page.lines).toEqual(['ERROR: Job failed (system failure): frobnicator exploded']);

    // A second restart finds the same diagnosis again (its bundle is not written twice).
    const bundle = join(configDir, 'last-diagnosis.zip');
    const written = (await stat(bundle)).mtimeMs;
    await call('resume.save', { state: { ...loaded.state!, step: 'export' } });
    expect((await stat(bundle)).mtimeMs).toBe(written);
    await restart();
    const again = await call('resume.load', {});
    expect(again.state?.step).toBe('export');
    expect((await call('session.get', { sessionId: again.state!.sessionId! })).findings.length).toBe(before.findings.length);
  });

  it('an app that stops while a save is under way keeps that save: the diagnosis and the state are written before it ends', async () => {
    const sessionId = await collect();
    // Not awaited: the window asked for a save, and the app stops at once.
    const saving = raw('resume.save', { state: baseState(sessionId) });
    await service.dispose();
    // Written by the time the app has stopped, nothing half-written left beside them.
    expect((await readdir(configDir).catch(() => [])).sort()).toEqual(['last-diagnosis.zip', 'wizard-state.json']);
    expect((await saving).ok).toBe(true);
    service = createAppService(host, { configDir, home: join(dir, 'home') });
    const loaded = await call('resume.load', {});
    expect(loaded.problem).toBeUndefined();
    expect((await call('session.get', { sessionId: loaded.state!.sessionId! })).findings.map((f) => f.id)).toContain('unexplained-errors');
  });

  it("the last collection's rows come back redacted, and its diagnosis is the restored last collection: no fix is planned from it until it is collected again", async () => {
    const { sessionId, collection } = await collectWithRows();
    const before = await call('session.get', { sessionId });
    expect(before.origin).toBe('collected');
    expect(before.collectedAt).toEqual(expect.any(String));
    expect(collection.rows.length).toBeGreaterThan(0);
    expect(collection.rows.every((r) => r.state === 'done')).toBe(true);
    // A collector that quoted a token in its words: the saved row keeps the words, not the token.
    const secret = 'glpat-SECRETSECRETSECRET12';
    const quoted = { ...collection.rows[0]!, source: 'gitlab:gitlab.example.com', target: { kind: 'gitlab' as const, host: 'gitlab.example.com' }, state: 'failed' as const, message: `401 for token ${secret}` };
    await call('resume.save', { state: { ...baseState(sessionId), step: 'collect', collection: { ...collection, rows: [...collection.rows, quoted] } } });
    expect(await readFile(join(configDir, 'wizard-state.json'), 'utf8')).not.toContain('SECRETSECRET');

    await restart();
    const loaded = await call('resume.load', {});
    const rows = loaded.state?.collection?.rows ?? [];
    expect(rows.slice(0, -1)).toEqual(collection.rows);
    expect(rows.at(-1)).toMatchObject({ source: 'gitlab:gitlab.example.com', state: 'failed', message: '401 for token [REDACTED gitlab-personal-token #1]' });
    expect(loaded.state?.collection?.planned).toEqual(collection.planned);

    const restored = await call('session.get', { sessionId: loaded.state!.sessionId! });
    expect(restored.origin).toBe('restored');
    expect(restored.collectedAt).toBe(before.collectedAt);
    // Stale evidence never plans a fix, whatever the finding.
    const refused = await raw('fix.plan', { sessionId: restored.sessionId, findingId: 'unexplained-errors' });
    expect(refused.ok ? 'planned' : refused.error.message).toBe('This diagnosis was restored after a restart: a fix acts on live systems, so collect again from the same targets first.');

    // Collected again from the same (restored) targets: a live diagnosis, which fixes may plan from.
    const win = openWindow();
    const { operationId } = await call('fix.recollect', { sessionId: restored.sessionId }, win);
    const done = await win.next('operation.finished', (f) => f.operationId === operationId, 30_000);
    const fresh = await call('session.get', { sessionId: done.sessionId! });
    expect(fresh.origin).toBe('collected');
    expect(fresh.findings.map((f) => f.id)).toEqual(before.findings.map((f) => f.id));
    const planned = await raw('fix.plan', { sessionId: fresh.sessionId, findingId: 'unexplained-errors' });
    // This finding has no fix the app applies: refused for that reason now, no longer for stale evidence.
    expect(planned.ok ? 'planned' : planned.error.message).not.toMatch(/restored after a restart/);
    // The restored diagnosis went with the new collection.
    expect((await raw('session.get', { sessionId: restored.sessionId })).ok).toBe(false);
  });

  it('a bundle the user opened comes back as an opened bundle, not as the last collection', async () => {
    const sessionId = await collect();
    await call('resume.save', { state: baseState(sessionId) });
    const file = join(dir, 'opened.zip');
    await copyFile(join(configDir, 'last-diagnosis.zip'), file);
    const opened = await call('bundle.open', { path: file });
    await call('resume.save', { state: baseState(opened.session!.sessionId) });
    await restart();
    const loaded = await call('resume.load', {});
    expect((await call('session.get', { sessionId: loaded.state!.sessionId! })).origin).toBe('bundle');
  });

  it('keeps no secret: fields outside the schema (a token typed, a token) are never written', async () => {
    const state = { ...baseState(), targets: { ...baseState().targets!, tokenDraft: 'glpat-SECRETSECRETSECRET12' }, token: 'glpat-SECRETSECRETSECRET12' };
    expect((await raw('resume.save', { state } as never)).ok).toBe(true);
    const files = await readdir(configDir);
    for (const f of files) expect(await readFile(join(configDir, f), 'utf8')).not.toContain('SECRETSECRET');
    expect((await stat(join(configDir, 'wizard-state.json'))).mode & 0o077).toBe(0);
    await restart();
    expect((await call('resume.load', {})).state).toEqual(baseState());
  });

  it('Start over (no diagnosis) removes the kept bundle', async () => {
    const sessionId = await collect();
    await call('resume.save', { state: baseState(sessionId) });
    expect(await readdir(configDir)).toContain('last-diagnosis.zip');
    await call('resume.save', { state: { ...baseState(), step: 'welcome', mode: undefined } });
    expect(await readdir(configDir)).not.toContain('last-diagnosis.zip');
  });
});

describe('a saved state that cannot be used is set aside with a reason, never a crash', () => {
  const stateFile = () => join(configDir, 'wizard-state.json');

  it('nothing saved: nothing to restore, no problem', async () => {
    expect(await call('resume.load', {})).toEqual({});
  });

  it('a corrupt file', async () => {
    await call('resume.save', { state: baseState() });
    await writeFile(stateFile(), '{"version":1,"savedAt":"2026-');
    expect(await call('resume.load', {})).toEqual({ problem: 'unreadable' });
    // Set aside once: the next start is clean.
    expect(await call('resume.load', {})).toEqual({});
  });

  it('a file that parses but does not fit the schema', async () => {
    await call('resume.save', { state: baseState() });
    const saved = JSON.parse(await readFile(stateFile(), 'utf8')) as { state: { step: string } };
    saved.state.step = 'teleport';
    await writeFile(stateFile(), JSON.stringify(saved));
    expect(await call('resume.load', {})).toEqual({ problem: 'unreadable' });
  });

  it('a file from another version of the app', async () => {
    await call('resume.save', { state: baseState() });
    const saved = JSON.parse(await readFile(stateFile(), 'utf8')) as { version: number };
    await writeFile(stateFile(), JSON.stringify({ ...saved, version: 99 }));
    expect(await call('resume.load', {})).toEqual({ problem: 'other-version' });
  });

  it('a state older than 30 days', async () => {
    await call('resume.save', { state: baseState() });
    const saved = JSON.parse(await readFile(stateFile(), 'utf8')) as { savedAt: string };
    await writeFile(stateFile(), JSON.stringify({ ...saved, savedAt: new Date(Date.now() - 31 * 86_400_000).toISOString() }));
    expect(await call('resume.load', {})).toEqual({ problem: 'too-old' });
  });

  it('a diagnosis whose bundle is gone or damaged: the rest comes back, the diagnosis is to collect again', async () => {
    const sessionId = await collect();
    await call('resume.save', { state: baseState(sessionId) });
    await writeFile(join(configDir, 'last-diagnosis.zip'), 'not a zip');
    await restart();
    const loaded = await call('resume.load', {});
    expect(loaded.problem).toBe('diagnosis-lost');
    expect(loaded.state).toEqual(baseState());
  });
});
