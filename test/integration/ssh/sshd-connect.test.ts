import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScript } from '../../../electron/core/ssh/exec';
import { connectTarget, type SshConnectOptions, type SshTargetInput } from '../../../electron/core/ssh/target';
import type { SshError } from '../../../electron/core/ssh/errors';
import { runOk } from '../../helpers/ssh/children';
import { checkPrereqs, requirePrereqs } from '../../helpers/ssh/prereqs';
import { makeKeys, PASSWORDS, seedUsers, startAgent, writeText, type TestKeys } from '../../helpers/ssh/seed-hosts';
import { startSshdHost, type SshdHost } from '../../helpers/ssh/sshd-host';

/** Host keys and authentication against a real OpenSSH sshd on 127.0.0.1. */
const pre = await checkPrereqs(['sshd', 'ssh-keygen', 'ssh-agent', 'ssh-add', 'unshare', 'nsenter', 'openssl']);

describe('OpenSSH sshd on 127.0.0.1: host keys and authentication', () => {
  if (!requirePrereqs(pre, 'SSH host key and auth tests')) return;
  let dir: string;
  let keys: TestKeys;
  let host: SshdHost;
  let agent: { socket: string; stop(): Promise<void> };
  let known: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rd-ssh-connect-'));
    keys = await makeKeys(join(dir, 'keys'));
    host = await startSshdHost({ hostname: 'keys-host', users: seedUsers(keys).all });
    agent = await startAgent(dir, [keys.agent]);
    known = await writeText(join(dir, 'known_hosts'), `${host.knownHostsLine()}\n`);
  });
  afterAll(async () => {
    await agent?.stop();
    await host?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const target = (user: string) => `${user}@127.0.0.1:${host.port}`;
  const base = (over: Partial<SshConnectOptions> = {}): SshConnectOptions => ({
    knownHostsFiles: [known],
    appKnownHostsFile: join(dir, `app_known_hosts_${Math.random()}`),
    acceptNewHostKeys: false,
    agentSocket: null,
    home: join(dir, 'empty-home'),
    sshConfigFile: '/dev/null',
    connectTimeoutMs: 10_000,
    ...over,
  });
  async function whoami(input: SshTargetInput, opts: SshConnectOptions): Promise<string> {
    const conn = await connectTarget(input, opts);
    try {
      const r = await runScript(conn, 'id -un', { label: 'id', timeoutMs: 10_000, maxBytes: 1000 });
      return r.stdout.toString().trim();
    } finally {
      conn.close();
    }
  }
  const fingerprint = async () =>
    (await runOk('ssh-keygen', ['-l', '-E', 'sha256', '-f', join(host.dir, 'keys', 'host_ed25519.pub')])).split(' ')[1];

  it('logs in with a key file', async () => {
    expect(await whoami({ target: target('gitlab-runner'), identityFile: keys.plain }, base())).toBe('gitlab-runner');
  });

  it('asks for the passphrase of an encrypted key, again after a wrong one', async () => {
    const asked: string[] = [];
    const askSecret = async (req: { kind: string; retry: boolean }) => (
      asked.push(`${req.kind}${req.retry ? ' again' : ''}`),
      asked.length === 1 ? 'wrong' : 'passphrase'
    );
    expect(await whoami({ target: target('ops'), identityFile: keys.encrypted }, base({ askSecret }))).toBe('ops');
    expect(asked).toEqual(['passphrase', 'passphrase again']);
  });

  it('logs in through ssh-agent', async () => {
    expect(await whoami(target('admin'), base({ agentSocket: agent.socket }))).toBe('admin');
  });

  it('logs in with a password, and says clearly when it is wrong', async () => {
    expect(await whoami({ target: target('ops'), password: PASSWORDS.ops }, base())).toBe('ops');
    const err = (await connectTarget({ target: target('ops'), password: 'not-it' }, base()).catch((e: unknown) => e)) as SshError;
    expect(err.code).toBe('auth');
    expect(err.message).toMatch(new RegExp(`Authentication to ops@127\\.0\\.0\\.1:${host.port} failed; tried: password`));
  });

  it('refuses an unknown host key by default and shows its SHA256 fingerprint', async () => {
    const err = (await connectTarget({ target: target('root'), identityFile: keys.plain }, base({ knownHostsFiles: [] })).catch(
      (e: unknown) => e,
    )) as SshError;
    expect(err.code).toBe('host-key');
    expect(err.message).toContain(`ED25519 key fingerprint is ${await fingerprint()}`);
    expect(err.message).toContain("can't be established");
  });

  it('asks about an unknown key with its fingerprint, and remembers a yes in the app file', async () => {
    const opts = base({ knownHostsFiles: [] });
    const prompts: unknown[] = [];
    const askHostKey = async (info: unknown) => (prompts.push(info), true);
    expect(await whoami({ target: target('root'), identityFile: keys.plain }, { ...opts, askHostKey })).toBe('root');
    expect(prompts).toEqual([{ host: '127.0.0.1', port: host.port, fingerprint: await fingerprint(), keyType: 'ssh-ed25519' }]);
    expect(await readFile(opts.appKnownHostsFile, 'utf8')).toBe(`${host.knownHostsLine()}\n`);
    // Known now: no second question.
    expect(await whoami({ target: target('root'), identityFile: keys.plain }, { ...opts, askHostKey })).toBe('root');
    expect(prompts).toHaveLength(1);
  });

  it('does not count the time the user takes to answer against the connect timeout', async () => {
    const slow = async () => (await new Promise((r) => setTimeout(r, 1500)), true);
    const opts = base({ knownHostsFiles: [], askHostKey: slow, connectTimeoutMs: 1000 });
    expect(await whoami({ target: target('root'), identityFile: keys.plain }, opts)).toBe('root');
  });

  it('a "no" to the prompt refuses the host', async () => {
    const err = (await connectTarget(
      { target: target('root'), identityFile: keys.plain },
      base({ knownHostsFiles: [], askHostKey: async () => false }),
    ).catch((e: unknown) => e)) as SshError;
    expect(err.code).toBe('host-key');
  });

  it('accept-new stores the key without asking', async () => {
    const opts = base({ knownHostsFiles: [], acceptNewHostKeys: true });
    expect(await whoami({ target: target('root'), identityFile: keys.plain }, opts)).toBe('root');
    expect(await readFile(opts.appKnownHostsFile, 'utf8')).toContain(host.hostKeyPublic);
  });

  it('refuses a changed host key with the warning OpenSSH gives, even with accept-new', async () => {
    await runOk('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'other')]);
    const otherPub = (await readFile(`${join(dir, 'other')}.pub`, 'utf8')).split(' ').slice(0, 2).join(' ');
    const kh = await writeText(join(dir, 'kh_changed'), `# first line\n[127.0.0.1]:${host.port} ${otherPub}\n`);
    const err = (await connectTarget(
      { target: target('root'), identityFile: keys.plain },
      base({ knownHostsFiles: [kh], acceptNewHostKeys: true }),
    ).catch((e: unknown) => e)) as SshError;
    expect(err.code).toBe('host-key');
    expect(err.message).toContain('WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!');
    expect(err.message).toContain(`The fingerprint for the ED25519 key sent by the remote host is\n${await fingerprint()}.`);
    expect(err.message).toContain(`Offending ED25519 key in ${kh}:2`);
  });

  it('accepts a known_hosts file hashed by ssh-keygen -H', async () => {
    const kh = await writeText(join(dir, 'kh_hashed'), `${host.knownHostsLine()}\n`);
    await runOk('ssh-keygen', ['-H', '-f', kh]);
    const text = await readFile(kh, 'utf8');
    expect(text).toMatch(/^\|1\|/);
    expect(await whoami({ target: target('root'), identityFile: keys.plain }, base({ knownHostsFiles: [kh] }))).toBe('root');
  });

  it('refuses a key marked @revoked', async () => {
    const kh = await writeText(join(dir, 'kh_revoked'), `${host.knownHostsLine()}\n@revoked * ${host.hostKeyPublic}\n`);
    const err = (await connectTarget({ target: target('root'), identityFile: keys.plain }, base({ knownHostsFiles: [kh] })).catch(
      (e: unknown) => e,
    )) as SshError;
    expect(err.message).toContain('REVOKED HOST KEY DETECTED');
  });

  it('resolves the host through an ssh config alias', async () => {
    const cfg = await writeText(
      join(dir, 'ssh_config'),
      `Host keyhost\n  HostName 127.0.0.1\n  Port ${host.port}\n  User gitlab-runner\n  IdentityFile ${keys.plain}\n`,
    );
    expect(await whoami('keyhost', base({ sshConfigFile: cfg }))).toBe('gitlab-runner');
  });
});
