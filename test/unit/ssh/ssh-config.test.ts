import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatError } from '../../../shared/i18n/text';
import {
  loadSshConfigFile,
  parseSshConfigText,
  parseTarget,
  resolveHost,
  sshTargetsFromConfig,
  SshConfigError,
  SshTargetError,
} from '../../../electron/core/ssh/ssh-config';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'rd-sshcfg-'));
  dirs.push(d);
  return d;
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const OPTS = { home: '/home/me', localUser: 'me' };
const resolve = async (text: string, target: string) => resolveHost(await parseSshConfigText(text, 'cfg', OPTS), target, OPTS);

describe('ssh config: resolving a host', () => {
  it('applies the first value of each option, from the blocks that match the alias', async () => {
    const cfg = [
      '# runners',
      'Host runner1 runner1.corp',
      '  HostName 10.1.2.3',
      '  User ops',
      '  Port=2222',
      '  IdentityFile ~/.ssh/runner_key',
      'Host *',
      '  User nobody',
      '  Port 22',
      '  IdentityFile ~/.ssh/id_%r@%h',
    ].join('\n');
    const r = await resolve(cfg, 'runner1');
    expect(r).toMatchObject({ alias: 'runner1', hostName: '10.1.2.3', user: 'ops', port: 2222 });
    expect(r.identityFiles).toEqual(['/home/me/.ssh/runner_key', '/home/me/.ssh/id_ops@10.1.2.3']);
    expect(await resolve(cfg, 'other')).toMatchObject({ hostName: 'other', user: 'nobody', port: 22 });
  });

  it('lets user and port from the target win over the config', async () => {
    const r = await resolve('Host h\n  User a\n  Port 2200\n', 'b@h:2300');
    expect(r).toMatchObject({ user: 'b', port: 2300, hostName: 'h' });
  });

  it('honours negated patterns and %h in HostName', async () => {
    const cfg = 'Host *.corp !bastion.corp\n  HostName %h.internal\n  User deploy\n';
    expect(await resolve(cfg, 'db.corp')).toMatchObject({ hostName: 'db.corp.internal', user: 'deploy' });
    expect(await resolve(cfg, 'bastion.corp')).toMatchObject({ hostName: 'bastion.corp', user: 'me' });
  });

  it('parses ProxyJump chains and flags ProxyCommand without running it', async () => {
    const r = await resolve('Host t\n  ProxyJump admin@jump1:2222,jump2\n', 't');
    expect(r.proxyJump).toEqual([{ user: 'admin', host: 'jump1', port: 2222 }, { host: 'jump2' }]);
    expect((await resolve('Host t\n  ProxyJump none\n', 't')).proxyJump).toEqual([]);
    expect((await resolve('Host t\n  ProxyCommand ssh -W %h:%p bastion\n', 't')).proxyCommand).toBe('ssh -W %h:%p bastion');
  });

  it('never runs Match exec: the block is skipped and a warning says so', async () => {
    const marker = join(tmpdir(), `rd-match-exec-${process.pid}`);
    const r = await resolve(`Match exec "touch ${marker}"\n  User pwned\nHost *\n  User fine\n`, 'x');
    expect(r.user).toBe('fine');
    expect(r.warnings.map((w) => formatError(w)).join('\n')).toMatch(/Match exec.*not evaluated/);
    expect(r.warnings.map((w) => formatError(w, 'ru')).join('\n')).toMatch(/условие «Match exec» не проверялось.*блок пропущен/);
    expect(existsSync(marker)).toBe(false);
  });

  it('evaluates Match host, originalhost, user, localuser and all', async () => {
    const cfg = [
      'Host r',
      '  HostName r.example.com',
      'Match host *.example.com user ops',
      '  Port 2022',
      'Match originalhost r localuser me',
      '  IdentityFile /k/r',
      'Match all',
      '  ConnectTimeout 7',
    ].join('\n');
    expect(await resolve(cfg, 'ops@r')).toMatchObject({ port: 2022, identityFiles: ['/k/r'], connectTimeoutSec: 7 });
    expect(await resolve(cfg, 'dev@r')).toMatchObject({ port: 22 });
  });

  it('reads quoted values, known_hosts files, agent and timeouts', async () => {
    const cfg = [
      'Host q',
      '  IdentityFile "~/My Keys/id ed"',
      '  UserKnownHostsFile ~/.ssh/kh1 "/etc/ssh/kh 2"',
      '  IdentityAgent none',
      '  IdentitiesOnly yes',
      '  HostKeyAlias q-alias',
      '  ServerAliveInterval 5',
      '  ServerAliveCountMax 2',
    ].join('\n');
    expect(await resolve(cfg, 'q')).toMatchObject({
      identityFiles: ['/home/me/My Keys/id ed'],
      userKnownHostsFiles: ['/home/me/.ssh/kh1', '/etc/ssh/kh 2'],
      identityAgent: 'none',
      identitiesOnly: true,
      hostKeyAlias: 'q-alias',
      serverAliveIntervalSec: 5,
      serverAliveCountMax: 2,
    });
  });
});

describe('ssh config: Include', () => {
  it('includes files relative to ~/.ssh, by glob, conditionally inside a Host block', async () => {
    const home = await tempDir();
    await mkdir(join(home, '.ssh', 'conf.d'), { recursive: true });
    await writeFile(join(home, '.ssh', 'conf.d', 'a.conf'), 'Host inc-a\n  HostName 10.0.0.1\n');
    await writeFile(join(home, '.ssh', 'conf.d', 'b.conf'), 'Host inc-b\n  User bob\n');
    await writeFile(join(home, '.ssh', 'only-web'), 'Port 8022\n');
    await writeFile(join(home, '.ssh', 'config'), 'Include conf.d/*.conf\nHost web\n  Include only-web\nHost db*\n  User dba\n');
    const cfg = await loadSshConfigFile(join(home, '.ssh', 'config'), { home });
    expect(resolveHost(cfg, 'inc-a', { home })).toMatchObject({ hostName: '10.0.0.1' });
    expect(resolveHost(cfg, 'web', { home }).port).toBe(8022);
    expect(resolveHost(cfg, 'db1', { home }).port).toBe(22);
    expect(await sshTargetsFromConfig(join(home, '.ssh', 'config'), { home })).toEqual(['inc-a', 'inc-b', 'web']);
  });

  it('stops an include loop with a clear error', async () => {
    const home = await tempDir();
    await mkdir(join(home, '.ssh'));
    await writeFile(join(home, '.ssh', 'config'), 'Include config\n');
    await expect(loadSshConfigFile(join(home, '.ssh', 'config'), { home })).rejects.toThrow(/nested more than 16 deep/);
  });

  it('names the file when it cannot be read', async () => {
    await expect(loadSshConfigFile('/nonexistent/rd/config')).rejects.toThrow(SshConfigError);
  });
});

describe('ssh config: malformed input', () => {
  it.each([
    ['Port abc', /cfg:1: bad port "abc"/],
    ['Host a\n  Port 70000', /cfg:2: bad port/],
    ['Host', /cfg:1: Host needs at least one pattern/],
    ['IdentityFile "unterminated', /cfg:1: unterminated " quote/],
    ['Match nonsense x', /cfg:1: unsupported Match criterion/],
    ['Match host', /Match host needs an argument/],
    ['Match all host x', /Match all cannot be combined/],
    ['=value', /cfg:1: bad keyword/],
    ['HostName', /hostname needs a value/],
  ])('%j is a clear error', async (text, message) => {
    await expect(parseSshConfigText(text, 'cfg', OPTS)).rejects.toThrow(message);
    await expect(parseSshConfigText(text, 'cfg', OPTS)).rejects.toBeInstanceOf(SshConfigError);
  });

  it('gives either a config or an SshConfigError for any text, and resolving never throws anything else', async () => {
    const line = fc.oneof(
      fc.string(),
      fc.constantFrom(
        'Host',
        'Match',
        'HostName',
        'Port',
        'User',
        'ProxyJump',
        'Include',
        'IdentityFile',
        '#',
        '=',
        '"',
        "'",
        '\\',
        '!',
        '*',
        '%h',
        '%',
      ),
    );
    const text = fc
      .array(
        fc.array(line, { maxLength: 5 }).map((parts) => parts.join(' ')),
        { maxLength: 12 },
      )
      .map((l) => l.join('\n'));
    await fc.assert(
      fc.asyncProperty(text, fc.string({ minLength: 1, maxLength: 20 }), async (cfgText, target) => {
        let cfg;
        try {
          cfg = await parseSshConfigText(cfgText, 'cfg', OPTS);
        } catch (err) {
          expect(err).toBeInstanceOf(SshConfigError);
          return;
        }
        try {
          resolveHost(cfg, target, OPTS);
        } catch (err) {
          expect(err).toBeInstanceOf(SshTargetError);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('resolves generated configs like a first-match model does', async () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
    const block = fc.record({
      names: fc.uniqueArray(name, { minLength: 1, maxLength: 3 }),
      user: name,
      port: fc.integer({ min: 1, max: 65535 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(block, { maxLength: 6 }), name, async (blocks, target) => {
        const text = blocks.map((b) => `Host ${b.names.join(' ')}\n  User ${b.user}\n  Port ${b.port}\n`).join('');
        const first = blocks.find((b) => b.names.includes(target));
        const r = await resolve(text, target);
        expect(r.user).toBe(first?.user ?? 'me');
        expect(r.port).toBe(first?.port ?? 22);
      }),
      { numRuns: 200 },
    );
  });
});

describe('parseTarget', () => {
  it.each([
    ['runner1', { host: 'runner1' }],
    ['ops@runner1', { user: 'ops', host: 'runner1' }],
    ['ops@10.0.0.5:2222', { user: 'ops', host: '10.0.0.5', port: 2222 }],
    ['ssh://ops@host:22', { user: 'ops', host: 'host', port: 22 }],
    ['[fd00::2]:2200', { host: 'fd00::2', port: 2200 }],
    ['fd00::2', { host: 'fd00::2' }],
  ])('%s', (text, spec) => expect(parseTarget(text)).toEqual(spec));

  it.each(['', 'a b', '@host', 'host:0', 'host:99999', 'host:x', 'user@'])('rejects %j clearly', (text) => {
    expect(() => parseTarget(text)).toThrow(SshTargetError);
  });
});
