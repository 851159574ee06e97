import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memorySecretStore } from '../../electron/core/app/memory-secrets';
import { createAppService, type AppService } from '../../electron/core/app/service';
import { startDemoLab, type DemoLab } from '../../electron/core/demo-lab/lab';
import { invoker, kubeconfigToken, openWindow } from './app-harness';
import type { IpcError } from '../../shared/ipc/envelope';
import { textIn } from '../../shared/i18n/text';

/**
 * The wizard's target panels over the IPC contract, against the demo lab's endpoints used as if
 * they were the user's own: its kubeconfig, GitLab URL + token + CA file, and ssh config.
 */
let dir: string;
let lab: DemoLab;
let service: AppService;
const { raw, call } = invoker(() => service.handlers);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rd-app-targets-'));
  lab = await startDemoLab();
  service = createAppService(
    {
      shell: 'browser',
      secrets: memorySecretStore('kept in memory for this run'),
      chooseSavePath: async () => undefined,
      chooseOpenPath: async () => undefined,
    },
    { configDir: join(dir, 'config'), home: join(dir, 'home') },
  );
});
afterAll(async () => {
  await service?.dispose();
  await lab?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('GitLab panel', () => {
  it('keeps the token main-side and tests the connection with it: version, user, scopes, runners', async () => {
    const win = openWindow();
    const saved = await call('gitlab.saveToken', { url: `${lab.gitlab.url}/`, token: `${lab.gitlab.token}\n` }, win);
    expect(saved).toEqual({
      tokenRef: expect.stringMatching(/^gitlab-[0-9a-f]{32}$/),
      persisted: false,
      warning: 'kept in memory for this run',
    });
    // The same instance typed another way maps to the same reference.
    expect(await call('gitlab.storedToken', { url: `${lab.gitlab.url}/api/v4` })).toEqual({ tokenRef: saved.tokenRef });
    expect(await call('gitlab.storedToken', { url: 'https://gitlab.invalid' })).toEqual({});

    const result = await call('gitlab.test', { url: lab.gitlab.url, tokenRef: saved.tokenRef, caFile: lab.gitlab.caFile }, win);
    expect(result.url).toBe(lab.gitlab.url);
    expect(result.version.version).toMatch(/^\d+\.\d+/);
    expect(result.user).toMatchObject({ username: 'root', isAdmin: true });
    expect(result.token?.scopes).toContain('read_api');
    expect(result.runnersScope).toBe('all');
    expect(result.runners.length).toBeGreaterThan(0);
    expect(result.runners.every((r) => typeof r.status === 'string')).toBe(true);
    expect(result.runners.some((r) => r.contactedAt !== null)).toBe(true);
    // The token went in once and never came back.
    expect(JSON.stringify({ saved, result })).not.toContain(lab.gitlab.token);
    expect(win.transcript()).not.toContain(lab.gitlab.token);
  });

  it("says the CA is unknown when the lab's CA file is not given", async () => {
    const { tokenRef } = await call('gitlab.saveToken', { url: lab.gitlab.url, token: lab.gitlab.token });
    const res = await raw('gitlab.test', { url: lab.gitlab.url, tokenRef });
    expect(res).toMatchObject({ ok: false, error: { code: 'tls-unknown-authority' } });
    if (!res.ok) expect(res.error.message).not.toContain(lab.gitlab.token);
  });

  it('a wrong token is unauthorized, a forgotten reference not found, a bad URL invalid input', async () => {
    const { tokenRef } = await call('gitlab.saveToken', { url: lab.gitlab.url, token: 'glpat-not-the-right-one-xx' });
    const wrong = await raw('gitlab.test', { url: lab.gitlab.url, tokenRef, caFile: lab.gitlab.caFile });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'unauthorized', message: expect.stringContaining('401') } });
    if (!wrong.ok) expect(wrong.error.message).not.toContain('glpat-not-the-right-one-xx');
    expect(await raw('gitlab.test', { url: lab.gitlab.url, tokenRef: 'gitlab-0000', caFile: lab.gitlab.caFile })).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: expect.stringContaining('type the token again') },
    });
    expect(await raw('gitlab.test', { url: 'ftp://gitlab.example.com' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: expect.stringContaining('https://') },
    });
    // Put the right token back for the other tests.
    await call('gitlab.saveToken', { url: lab.gitlab.url, token: lab.gitlab.token });
  });
});

describe('Kubernetes panel', () => {
  it("lists the lab kubeconfig's contexts, the context's namespaces, and checks access", async () => {
    const { contexts, current, files } = await call('kube.contexts', { kubeconfig: lab.kubeconfigPath });
    expect(current).toBe(lab.kubeContext);
    expect(files).toEqual([lab.kubeconfigPath]);
    expect(contexts).toEqual([
      {
        name: lab.kubeContext,
        cluster: 'demo-lab',
        server: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+$/),
        namespace: 'gitlab-runner',
        user: 'demo-admin',
      },
    ]);

    const { namespaces, source } = await call('kube.namespaces', { kubeconfig: lab.kubeconfigPath, context: lab.kubeContext });
    expect(source).toBe('cluster');
    for (const ns of lab.namespaces) expect(namespaces).toContain(ns);
    // Asked for, the namespaces that hold runners: what collect.start's allNamespaces collects.
    const withRunners = await call('kube.namespaces', { kubeconfig: lab.kubeconfigPath, context: lab.kubeContext, findRunners: true });
    expect(withRunners.runnerNamespaces).toEqual([...lab.namespaces].sort());
    expect(withRunners.unlistedNamespaces).toEqual([]);

    const check = await call('kube.check', { kubeconfig: lab.kubeconfigPath, context: lab.kubeContext, namespace: 'gitlab-runner' });
    expect(check).toMatchObject({ context: lab.kubeContext, namespace: 'gitlab-runner', version: expect.stringMatching(/^v1\./) });
    expect(check.results.length).toBeGreaterThan(5);
    expect(check.results.every((r) => r.allowed === true)).toBe(true);
    expect(check.grant).toBeUndefined();
  });

  it('names the missing RBAC verbs of a read-only user and gives the Role YAML that grants them', async () => {
    const token = 'read-only-viewer-token-0123456789';
    const rules = [
      { verbs: ['get', 'list'], apiGroups: ['', 'apps'], resources: ['pods', 'pods/log', 'deployments', 'configmaps', 'events'] },
    ];
    (lab.world.kube.identities ??= new Map()).set(token, { username: 'jane@example.com', rules });
    const kubeconfig = join(dir, 'viewer-kubeconfig');
    const doc = parse(await readFile(lab.kubeconfigPath, 'utf8')) as { users: { user: { token: string } }[] };
    doc.users[0]!.user.token = token;
    await writeFile(kubeconfig, stringify(doc));

    const check = await call('kube.check', { kubeconfig, context: lab.kubeContext, namespace: 'gitlab-runner' });
    expect(check.username).toBe('jane@example.com');
    const denied = check.results.filter((r) => r.allowed === false).map((r) => r.permission);
    expect(denied).toEqual(expect.arrayContaining(['list secrets', 'patch configmaps', 'delete secrets', 'patch deployments.apps']));
    expect(denied).not.toContain('list pods');
    expect(check.grant).toContain('kind: Role');
    expect(check.grant).toContain('name: jane@example.com');
    expect(check.grant).toMatch(/- patch/);
  });

  it('a kubeconfig that does not exist is invalid input naming the file', async () => {
    const missing = join(dir, 'no-such-kubeconfig');
    const res = await raw('kube.contexts', { kubeconfig: missing });
    expect(res).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: expect.stringContaining(missing), text: { key: 'kubeconfig.cannotRead' } },
    });
    // The Targets card words it in the app's language from the id beside the English.
    const { error } = res as { error: IpcError };
    expect(textIn(error.message, error.text, 'ru')).toMatch(new RegExp(`^Не удаётся прочитать kubeconfig ${missing}: файл или папка не найдены$`));
    // The English keeps the system's own sentence, for support.
    expect(error.message).toMatch(/: ENOENT: no such file or directory, open /);
  });

  it('an exec credential plugin runs only after a yes in the window, and the yes is remembered', async () => {
    const token = await kubeconfigToken(lab.kubeconfigPath);
    const ran = join(dir, 'plugin-ran');
    const plugin = join(dir, 'lab-get-token');
    await writeFile(
      plugin,
      `#!/bin/sh\necho run >> "${ran}"\nprintf '{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1beta1","status":{"token":"%s"}}' "$LAB_TOKEN"\n`,
    );
    await chmod(plugin, 0o755);
    const doc = parse(await readFile(lab.kubeconfigPath, 'utf8')) as Record<string, unknown> & { users: { name: string; user: unknown }[] };
    doc.users = [
      {
        name: 'demo-admin',
        user: {
          exec: {
            apiVersion: 'client.authentication.k8s.io/v1beta1',
            command: plugin,
            args: ['--cluster', 'demo'],
            env: [{ name: 'LAB_TOKEN', value: token }],
          },
        },
      },
    ];
    const kubeconfig = join(dir, 'exec-kubeconfig');
    await writeFile(kubeconfig, stringify(doc));

    const listed = await call('kube.contexts', { kubeconfig });
    expect(listed.contexts[0]?.exec).toEqual({
      command: plugin,
      args: ['--cluster', 'demo'],
      commandLine: `LAB_TOKEN=<hidden> ${plugin} --cluster demo`,
      approved: false,
    });

    // No: nothing runs, the cluster is not contacted.
    const win = openWindow();
    const refused = raw('kube.namespaces', { kubeconfig, context: lab.kubeContext }, win);
    const asked = await win.next('prompt.request');
    expect(asked).toMatchObject({
      kind: 'kube-exec',
      context: lab.kubeContext,
      user: 'demo-admin',
      commandLine: `LAB_TOKEN=<hidden> ${plugin} --cluster demo`,
    });
    expect(win.transcript()).not.toContain(token);
    expect(await call('prompt.answer', { promptId: asked.promptId, accept: false })).toEqual({ answered: true });
    expect(await refused).toMatchObject({ ok: false, error: { code: 'cancelled', message: expect.stringContaining('Not approved') } });
    expect(win.of('prompt.closed')).toEqual([{ promptId: asked.promptId, reason: 'answered' }]);
    expect(existsSync(ran)).toBe(false);
    expect(await call('prompt.answer', { promptId: asked.promptId, accept: true })).toEqual({ answered: false });

    // Yes: the plugin runs, and the next time nobody is asked.
    const win2 = openWindow();
    const listing = call('kube.namespaces', { kubeconfig, context: lab.kubeContext }, win2);
    const again = await win2.next('prompt.request');
    await call('prompt.answer', { promptId: again.promptId, accept: true });
    expect((await listing).namespaces).toContain('gitlab-runner');
    expect(existsSync(ran)).toBe(true);
    const win3 = openWindow();
    expect((await call('kube.check', { kubeconfig, context: lab.kubeContext }, win3)).namespace).toBe('gitlab-runner');
    expect(win3.of('prompt.request')).toEqual([]);
    expect((await call('kube.contexts', { kubeconfig })).contexts[0]?.exec?.approved).toBe(true);
  });
});

describe('SSH panel', () => {
  it("lists the ssh config's host aliases with where each one goes", async () => {
    const hosts = await call('ssh.hosts', { sshConfig: lab.sshConfigPath });
    expect(hosts).toEqual({
      sshConfig: lab.sshConfigPath,
      found: true,
      hosts: [{ alias: lab.sshAlias, target: expect.stringMatching(/^\S+@127\.0\.0\.1:\d+$/) }],
    });
  });

  it('a host the app cannot use says why, with its message id beside the English for the panel to word', async () => {
    const file = join(dir, 'ssh-config-bad-host');
    await writeFile(file, 'Host good\n  HostName 127.0.0.1\n  User runner\n\nHost broken\n  HostName 10.0.0.9\n  ProxyCommand ssh -W %h:%p bastion\n');
    const { hosts } = await call('ssh.hosts', { sshConfig: file });
    const broken = hosts.find((h) => h.alias === 'broken');
    expect(broken?.problem).toBeTruthy();
    expect(broken?.problemText?.key).toBeTruthy();
    expect(textIn(broken!.problem!, broken!.problemText, 'ru')).toMatch(/\p{Script=Cyrillic}/u);
  });

  it('without a file, reads ~/.ssh/config when there is one and says so when there is none', async () => {
    expect(await call('ssh.hosts', {})).toEqual({ sshConfig: join(dir, 'home', '.ssh', 'config'), found: false, hosts: [] });
    const res = await raw('ssh.hosts', { sshConfig: join(dir, 'nope') });
    expect(res).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('nope') } });
    const { error } = res as { error: IpcError };
    expect(textIn(error.message, error.text, 'ru')).toMatch(new RegExp(`^${join(dir, 'nope')}: не удаётся прочитать: файл или папка не найдены$`));
    expect(error.message).toMatch(/: ENOENT: no such file or directory, open /);
  });

  it('gives the default paths for the fields', async () => {
    const defaults = await call('targets.defaults', {});
    expect(defaults.sshConfig).toBe(join(dir, 'home', '.ssh', 'config'));
    expect(defaults.knownHosts).toBe(join(dir, 'home', '.ssh', 'known_hosts'));
    expect(defaults.kubeconfig.length).toBeGreaterThan(0);
  });
});
