import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppServiceOptions } from '../../electron/core/app/app-deps';
import { memorySecretStore } from '../../electron/core/app/memory-secrets';
import { createAppService, type AppService } from '../../electron/core/app/service';
import { startDemoLab, type DemoLab } from '../../electron/core/demo-lab/lab';
import type { Sources } from '../../shared/ipc/channels';
import { invoker, knownHostsFingerprint, openWindow, otherEd25519Line, type Window } from './app-harness';

/**
 * collect.start with explicit targets, the way "Diagnose my runners" sends them, pointed at the
 * demo lab's endpoints as if they were the user's: kube context/namespace, GitLab URL + stored
 * token + CA file, an ssh alias with an ssh config and known_hosts. Host keys nobody knows are
 * asked about in the window; the answer decides, and the other sources finish either way.
 */
let dir: string;
let lab: DemoLab;
let service: AppService;
let tokenRef: string;
let fingerprint: string;
const { raw, call } = invoker(() => service.handlers);

function newService(options: AppServiceOptions = {}): AppService {
  return createAppService(
    {
      shell: 'browser',
      secrets: memorySecretStore('memory only'),
      chooseSavePath: async () => undefined,
      chooseOpenPath: async () => undefined,
    },
    { configDir: join(dir, 'config'), home: join(dir, 'home'), ...options },
  );
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rd-app-collect-'));
  lab = await startDemoLab();
  service = newService();
  tokenRef = (await call('gitlab.saveToken', { url: lab.gitlab.url, token: lab.gitlab.token })).tokenRef;
  fingerprint = await knownHostsFingerprint(lab.knownHostsPath);
});
afterAll(async () => {
  await service?.dispose();
  await lab?.stop();
  await rm(dir, { recursive: true, force: true });
});

function sources(knownHosts: string): Sources {
  return {
    kube: [{ kubeconfig: lab.kubeconfigPath, context: lab.kubeContext, namespace: 'gitlab-runner' }],
    gitlab: { url: lab.gitlab.url, tokenRef, caFile: lab.gitlab.caFile },
    ssh: [{ host: lab.sshAlias, sshConfig: lab.sshConfigPath, knownHosts }],
  };
}

async function collect(win: Window, input: Sources, answer?: (w: Window) => Promise<void>) {
  const { operationId } = await call('collect.start', { sources: input }, win);
  await answer?.(win);
  const done = await win.next('operation.finished', (f) => f.operationId === operationId, 90_000);
  expect(done).toMatchObject({ status: 'ok', sessionId: expect.any(String) });
  return call('session.get', { sessionId: done.sessionId as string });
}

describe('collect.start with explicit targets', () => {
  it('collects kube, GitLab and SSH from the given files and token, with findings from each', async () => {
    const win = openWindow();
    const session = await collect(win, sources(lab.knownHostsPath));
    expect(session.sources.map((s) => s.id).sort()).toEqual(
      [`gitlab:${new URL(lab.gitlab.url).host}`, `kube:${lab.kubeContext}/gitlab-runner`, `ssh:${lab.sshAlias}`].sort(),
    );
    const ids = session.findings.map((f) => f.id);
    expect(ids).toContain('job-token-expired');
    expect(ids).toContain('helper-image-permission-container');
    expect(session.files.some((f) => f.source === `ssh:${lab.sshAlias}` && f.kind === 'journal')).toBe(true);
    expect(session.files.some((f) => f.source.startsWith('gitlab:') && f.kind === 'gitlab-api')).toBe(true);
    // Per-pod progress under the namespace's source; the known host key needed no question.
    const progress = win.of('operation.progress').map((p) => p.source);
    expect(progress.some((s) => s.startsWith(`kube:${lab.kubeContext}/gitlab-runner/`))).toBe(true);
    expect(progress).toContain(`ssh:${lab.sshAlias}`);
    expect(win.of('prompt.request')).toEqual([]);
    expect(win.transcript()).not.toContain(lab.gitlab.token);
  });

  it('asks about an unknown host key with its fingerprint; a no refuses that host while the others finish', async () => {
    const empty = join(dir, 'empty_known_hosts');
    await writeFile(empty, '');
    const win = openWindow();
    const session = await collect(win, sources(empty), async (w) => {
      const asked = await w.next('prompt.request', undefined, 20_000);
      expect(asked).toMatchObject({ kind: 'ssh-host-key', host: '127.0.0.1', keyType: 'ssh-ed25519', fingerprint });
      if (asked.kind === 'ssh-host-key') expect(asked.port).toBe(Number(/Port (\d+)/.exec(await readFile(lab.sshConfigPath, 'utf8'))?.[1]));
      await call('prompt.answer', { promptId: asked.promptId, accept: false });
    });
    const sshError = session.errors.find((e) => e.source === `ssh:${lab.sshAlias}`);
    expect(sshError?.message).toContain("can't be established");
    expect(sshError?.message).toContain(fingerprint);
    expect(session.files.some((f) => f.source === `ssh:${lab.sshAlias}`)).toBe(false);
    expect(session.findings.map((f) => f.id)).toContain('job-token-expired');
    expect(win.of('operation.progress').some((p) => p.source === `ssh:${lab.sshAlias}` && p.state === 'failed')).toBe(true);
    expect(existsSync(join(dir, 'config', 'known_hosts'))).toBe(false);
  });

  it("a yes stores the key in the app's own known_hosts, and the host is collected", async () => {
    const empty = join(dir, 'empty_known_hosts_2');
    await writeFile(empty, '');
    const win = openWindow();
    const session = await collect(win, sources(empty), async (w) => {
      const asked = await w.next('prompt.request');
      await call('prompt.answer', { promptId: asked.promptId, accept: true });
    });
    expect(session.findings.map((f) => f.id)).toContain('helper-image-permission-container');
    expect(await readFile(join(dir, 'config', 'known_hosts'), 'utf8')).toMatch(/^\[127\.0\.0\.1\]:\d+ ssh-ed25519 AAAA/);
    expect(await readFile(empty, 'utf8')).toBe('');
  });

  it("a changed host key is refused with OpenSSH's warning, without a question", async () => {
    const other = newService({ configDir: join(dir, 'config-changed') });
    const o = invoker(() => other.handlers);
    try {
      const hostField = (await readFile(lab.knownHostsPath, 'utf8')).split(' ')[0] as string;
      const changed = join(dir, 'changed_known_hosts');
      await writeFile(changed, `${otherEd25519Line(hostField)}\n`);
      const win = openWindow();
      const { operationId } = await o.call(
        'collect.start',
        { sources: { ssh: [{ host: lab.sshAlias, sshConfig: lab.sshConfigPath, knownHosts: changed }] } },
        win,
      );
      const done = await win.next('operation.finished', (f) => f.operationId === operationId);
      const { errors } = await o.call('session.get', { sessionId: done.sessionId as string });
      expect(errors.find((e) => e.source === `ssh:${lab.sshAlias}`)?.message).toContain('WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!');
      expect(win.of('prompt.request')).toEqual([]);
    } finally {
      await other.dispose();
    }
  });

  it('a prompt nobody answers is a no when it times out', async () => {
    const impatient = newService({ configDir: join(dir, 'config-timeout'), promptTimeoutMs: 300 });
    const o = invoker(() => impatient.handlers);
    try {
      const empty = join(dir, 'empty_known_hosts_3');
      await writeFile(empty, '');
      const win = openWindow();
      const { operationId } = await o.call(
        'collect.start',
        { sources: { ssh: [{ host: lab.sshAlias, sshConfig: lab.sshConfigPath, knownHosts: empty }] } },
        win,
      );
      const asked = await win.next('prompt.request');
      expect(await win.next('prompt.closed')).toEqual({ promptId: asked.promptId, reason: 'timeout' });
      const done = await win.next('operation.finished', (f) => f.operationId === operationId);
      const { errors } = await o.call('session.get', { sessionId: done.sessionId as string });
      expect(errors.find((e) => e.source === `ssh:${lab.sshAlias}`)?.message).toContain("can't be established");
    } finally {
      await impatient.dispose();
    }
  });

  it('cancelling the collection closes its open prompt as a no', async () => {
    // A fresh app folder: the key accepted above would otherwise be known already.
    const fresh = newService({ configDir: join(dir, 'config-cancel') });
    const o = invoker(() => fresh.handlers);
    try {
      const empty = join(dir, 'empty_known_hosts_4');
      await writeFile(empty, '');
      const win = openWindow();
      const { operationId } = await o.call(
        'collect.start',
        { sources: { ssh: [{ host: lab.sshAlias, sshConfig: lab.sshConfigPath, knownHosts: empty }] } },
        win,
      );
      const asked = await win.next('prompt.request', undefined, 20_000);
      await o.call('operation.cancel', { operationId });
      expect(await win.next('prompt.closed', undefined, 5_000)).toEqual({ promptId: asked.promptId, reason: 'cancelled' });
      expect((await win.next('operation.finished', (f) => f.operationId === operationId, 20_000)).status).toBe('cancelled');
      expect(await o.call('prompt.answer', { promptId: asked.promptId, accept: true })).toEqual({ answered: false });
    } finally {
      await fresh.dispose();
    }
  });

  it('refuses plans it can tell are wrong before connecting', async () => {
    expect(await raw('collect.start', { sources: {} })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: 'Choose at least one target to collect from.' },
    });
    expect(await raw('collect.start', { sources: { ssh: [{ host: 'root@host:99999' }] } })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: expect.stringContaining('bad port') },
    });
    expect(await raw('collect.start', { sources: { kube: [{ kubeconfig: lab.kubeconfigPath, context: 'nope' }] } })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: expect.stringContaining('Context "nope"') },
    });
    expect(await raw('collect.start', { sources: { gitlab: { url: lab.gitlab.url, tokenRef: 'gitlab-missing' } } })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    expect(await raw('collect.start', { sources: { demo: true } })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: 'Start the demo lab first.', text: { key: 'plan.demoNotStarted' } },
    });
  });
});
