import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { progressText } from '../../../electron/core/collect/progress';
import { readableKeyPair, startDemoSshHost, type DemoSshHost } from '../../../electron/core/demo-lab/servers/ssh-host';
import { EvidenceStore } from '../../../electron/core/evidence/store';
import { collectSshHosts } from '../../../electron/core/ssh/collect-ssh';
import { formatIn } from '../../../shared/i18n/text';
import type { Message } from '../../../shared/messages';
import { ENGLISH_PROSE, prose } from '../../helpers/english-prose';
import { runCli } from '../../helpers/run-cli';

/** The demo lab's podman host, reached by the real SSH collector and by the built CLI. */
let dir: string;
let host: DemoSshHost;
let known: string;
let where: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rd-ssh-ru-'));
  host = await startDemoSshHost({ dir });
  known = join(dir, 'known_hosts');
  await writeFile(known, `${host.hostKeyLine}\n`);
  where = `${host.user}@${host.host}:${host.port}`;
});
afterAll(async () => {
  await host?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Russian, with no English prose once the given values (commands, paths, addresses) are taken out. */
function expectRussian(text: string, values: readonly string[] = []): void {
  expect(prose(text, values), text).not.toMatch(ENGLISH_PROSE);
  expect(text, text).toMatch(/\p{Script=Cyrillic}/u);
}

const ru = (m: string | Message) => (typeof m === 'string' ? m : formatIn(m, 'ru', 'errors'));

async function sshConfig(identityFile: string): Promise<string> {
  const file = join(dir, `ssh_config_${Math.random().toString(36).slice(2)}`);
  await writeFile(file, `Host demo\n  HostName ${host.host}\n  Port ${host.port}\n  User ${host.user}\n  IdentityFile ${identityFile}\n`);
  return file;
}

/** No agent, no keys or locale of the machine running the tests. */
const cliEnv = () => ({ HOME: dir, XDG_CONFIG_HOME: join(dir, '.config'), SSH_AUTH_SOCK: '', LANG: '', LC_ALL: '', LC_MESSAGES: '' });

describe('the SSH host collector in Russian', () => {
  it('notes and progress of a podman host carry message ids: Russian for the reader, the English unchanged', async () => {
    const store = await EvidenceStore.create();
    try {
      const progress: { message: string; text?: Message }[] = [];
      const [r] = await collectSshHosts(['demo'], store, {
        sshConfigFile: await sshConfig(host.privateKeyPath),
        knownHostsFiles: [known],
        appKnownHostsFile: join(dir, 'app_known_hosts'),
        acceptNewHostKeys: false,
        agentSocket: null,
        home: dir,
        onProgress: (_source, _state, message) => progress.push(progressText(message)),
      });
      expect(r?.state).toBe('done');
      // A podman host: docker's absence is a remark, not a gap.
      expect(r?.notes).toEqual(['docker is not installed on this host (docker info and images skipped)']);
      expect(r?.noteTexts.map(ru)).toEqual(['Docker на этом хосте не установлен (docker info и docker images не собраны)']);

      const english = progress.map((p) => p.message);
      expect(english[0]).toBe('Waiting');
      expect(english[1]).toBe(`connecting to ${where}`);
      expect(english[2]).toBe('probe host (step 1)');
      expect(english).toContain('gitlab-runner --version (step 2)');
      expect(english.at(-1)).toBe(`${r?.files} files`);
      const russian = progress.map((p) => {
        expect(p.text, p.message).toBeDefined();
        return ru(p.text as Message);
      });
      expect(russian.slice(0, 3)).toEqual(['Ожидание', `подключение к ${where}`, 'проверка хоста (шаг 1)']);
      expect(russian).toContain('gitlab-runner --version (шаг 2)');
      expect(russian.at(-1)).toBe(`${r?.files} файлов`);
      // Each step names its command as written on the host (quoted data); the words around it are Russian.
      for (const line of russian) expectRussian(line, [where]);
    } finally {
      await store.dispose();
    }
  });

  it('a wrong key: the authentication failure names what was tried, in Russian; English as before', async () => {
    const wrong = join(dir, 'wrong_key');
    await writeFile(wrong, readableKeyPair().private, { mode: 0o600 });
    const args = ['collect', '--ssh', 'demo', '--ssh-config', await sshConfig(wrong), '--known-hosts', known];
    const r = await runCli([...args, '--out', join(dir, 'auth-ru.zip'), '--lang', 'ru'], { env: cliEnv() });
    expect(r.code).toBe(3);
    const line = `не удалось собрать ssh:demo: Не удалось пройти аутентификацию на ${where}; пробовали: ключ ${wrong}\n`;
    expect(r.stdout).toContain(line);
    expectRussian(line, ['ssh:demo', where, wrong]);
    const e = await runCli([...args, '--out', join(dir, 'auth-en.zip')], { env: cliEnv() });
    expect(e.stdout).toContain(`could not collect ssh:demo: Authentication to ${where} failed; tried: key ${wrong}\n`);
  });

  it('an unknown host key is refused in Russian, with its fingerprint', async () => {
    const empty = join(dir, 'empty_known_hosts');
    await writeFile(empty, '');
    const args = ['collect', '--ssh', 'demo', '--ssh-config', await sshConfig(host.privateKeyPath), '--known-hosts', empty];
    const r = await runCli([...args, '--out', join(dir, 'key-ru.zip'), '--lang', 'ru'], { env: cliEnv() });
    expect(r.code).toBe(3);
    const line = r.stdout.split('\n').find((l) => l.startsWith('не удалось собрать ssh:demo: ')) ?? '';
    expect(line).toMatch(
      new RegExp(`Подлинность хоста «\\[${host.host}\\]:${host.port}» не подтверждена\\. Отпечаток ключа ED25519: SHA256:\\S+\\. К хосту с неизвестным ключом Runner Doctor не подключается`),
    );
    const fingerprint = /SHA256:\S+(?=\.)/.exec(line)?.[0] ?? 'SHA256:';
    expectRussian(line, ['ssh:demo', `[${host.host}]:${host.port}`, fingerprint, '--accept-new-host-keys', 'known_hosts', 'ED25519']);
    const e = await runCli([...args, '--out', join(dir, 'key-en.zip')], { env: cliEnv() });
    expect(e.stdout).toContain(`could not collect ssh:demo: The authenticity of host '[${host.host}]:${host.port}' can't be established. ED25519 key fingerprint is ${fingerprint}.`);
  });
});
