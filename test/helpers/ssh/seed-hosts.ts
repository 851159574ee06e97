import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { run, runOk, startDaemon, waitFor } from './children';
import type { HostFile, TestUser } from './host-files';

/**
 * The people and files of a seed-003 runner host: gitlab-runner (uid 1001) owns the rootless
 * podman store, ops may sudo only with a password, admin may read config.toml and act as
 * gitlab-runner through `sudo -n`. config.toml is root's alone, as packages install it.
 */

export const HELPER_TAG = 'registry.gitlab.com/gitlab-org/gitlab-runner/gitlab-runner-helper:x86_64-f5da3c5a';
export const PASSWORDS = { ops: 'ops-Secret-1', runner: 'runner-Secret-1' };

export interface TestKeys {
  /** Unencrypted client key, authorized for every user. */
  plain: string;
  /** Passphrase-protected key (passphrase `passphrase`), authorized for ops. */
  encrypted: string;
  /** Key that only an ssh-agent holds, authorized for admin. */
  agent: string;
  pub: { plain: string; encrypted: string; agent: string };
}

export async function makeKeys(dir: string): Promise<TestKeys> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const gen = async (name: string, passphrase = '') => {
    const path = join(dir, name);
    await runOk('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', `rd-test-${name}`, '-f', path]);
    return path;
  };
  const plain = await gen('id_plain');
  const encrypted = await gen('id_encrypted', 'passphrase');
  const agent = await gen('id_agent');
  const pub = async (p: string) => (await readFile(`${p}.pub`, 'utf8')).trim();
  return { plain, encrypted, agent, pub: { plain: await pub(plain), encrypted: await pub(encrypted), agent: await pub(agent) } };
}

export function seedUsers(keys: TestKeys): { root: TestUser; runner: TestUser; ops: TestUser; admin: TestUser; all: TestUser[] } {
  const root = { name: 'root', uid: 0, authorizedKeys: [keys.pub.plain] };
  const runner = { name: 'gitlab-runner', uid: 1001, password: PASSWORDS.runner, authorizedKeys: [keys.pub.plain] };
  const ops = { name: 'ops', uid: 1002, password: PASSWORDS.ops, authorizedKeys: [keys.pub.plain, keys.pub.encrypted] };
  const admin = { name: 'admin', uid: 1003, authorizedKeys: [keys.pub.agent, keys.pub.plain] };
  return { root, runner, ops, admin, all: [root, runner, ops, admin] };
}

export const SEED_SUDOERS = [
  'admin ALL=(root) NOPASSWD: /usr/bin/cat /etc/gitlab-runner/config.toml',
  'admin ALL=(gitlab-runner) NOPASSWD: ALL',
  'ops ALL=(ALL:ALL) ALL',
].join('\n');

export function seedFiles(gitlabUrl: string): HostFile[] {
  const toml = [
    'concurrent = 1',
    'check_interval = 0',
    '',
    '[[runners]]',
    '  name = "runner-host Podman/Docker runner"',
    `  url = "${gitlabUrl}"`,
    '  id = 292',
    '  token = "glrt-TESTtokenVALUE123456"',
    '  executor = "docker"',
    '  [runners.docker]',
    '    host = "unix:///run/user/1001/podman/podman.sock"',
    '    image = "quay.io/podman/stable"',
    '    privileged = true',
    '    volumes = ["/cache"]',
    '',
  ].join('\n');
  return [{ path: 'etc/gitlab-runner/config.toml', content: toml, mode: 0o600 }];
}

/** ssh-agent holding `keys`; stopped (and waited for) by the returned function. */
export async function startAgent(dir: string, keys: string[]): Promise<{ socket: string; stop(): Promise<void> }> {
  const socket = join(dir, 'agent.sock');
  const agent = startDaemon('ssh-agent', ['-D', '-a', socket]);
  await waitFor('ssh-agent socket', async () => (await run('test', ['-S', socket])).code === 0, agent);
  for (const k of keys) await runOk('ssh-add', ['-q', k], { env: { ...process.env, SSH_AUTH_SOCK: socket } });
  return { socket, stop: () => agent.stop() };
}

/** An HTTPS server with a self-signed certificate, so curl on a host meets a TLS fault. */
export async function startSelfSignedHttps(dir: string): Promise<{ url: string; stop(): Promise<void> }> {
  const key = join(dir, 'tls.key');
  const cert = join(dir, 'tls.crt');
  await runOk('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
    '-keyout',
    key,
    '-out',
    cert,
  ]);
  await chmod(key, 0o600);
  const server: Server = createServer({ key: await readFile(key), cert: await readFile(cert) }, (_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function writeText(path: string, text: string): Promise<string> {
  await writeFile(path, text);
  return path;
}
