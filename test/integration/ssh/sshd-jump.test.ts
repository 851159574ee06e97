import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EvidenceStore } from '../../../electron/core/evidence/store';
import { collectSshHosts, type CollectSshOptions } from '../../../electron/core/ssh/collect-ssh';
import { fingerprintSha256 } from '../../../electron/core/ssh/known-hosts';
import { checkPrereqs, requirePrereqs } from '../../helpers/ssh/prereqs';
import { createNetns, linkNetns, type Netns } from '../../helpers/ssh/netns';
import { netnsRelay, type Relay } from '../../helpers/ssh/relay';
import {
  HELPER_TAG,
  makeKeys,
  SEED_SUDOERS,
  seedFiles,
  seedUsers,
  startAgent,
  writeText,
  type TestKeys,
} from '../../helpers/ssh/seed-hosts';
import { startSshdHost, type SshdHost } from '../../helpers/ssh/sshd-host';

/**
 * A runner host on its own network (a network namespace), reachable only through a jump host
 * in another namespace; the jump host itself is reached through a relay on 127.0.0.1.
 */
const pre = await checkPrereqs();
const TARGET_ADDR = '169.254.77.2';
const JUMP_ADDR = '169.254.77.1';

describe('a separate runner host behind a jump host', () => {
  if (!requirePrereqs(pre, 'SSH jump host tests')) return;
  let dir: string;
  let keys: TestKeys;
  let nsJump: Netns;
  let nsTarget: Netns;
  let jump: SshdHost;
  let target: SshdHost;
  let relay: Relay;
  let agent: { socket: string; stop(): Promise<void> };
  let config: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rd-ssh-jump-'));
    keys = await makeKeys(join(dir, 'keys'));
    nsJump = await createNetns('rdj');
    nsTarget = await createNetns('rdt');
    await linkNetns(nsJump, nsTarget, JUMP_ADDR, TARGET_ADDR);
    const users = seedUsers(keys);
    jump = await startSshdHost({ hostname: 'bastion', users: [users.root], netns: nsJump.name, listenAddress: '127.0.0.1' });
    target = await startSshdHost({
      hostname: 'runner-host-2',
      users: users.all,
      sudoers: SEED_SUDOERS,
      files: seedFiles('https://gitlab.example.com/'),
      runnerService: true,
      helperImage: { user: users.runner, tag: HELPER_TAG },
      netns: nsTarget.name,
      listenAddress: TARGET_ADDR,
    });
    relay = await netnsRelay(nsJump.name, '127.0.0.1', 22);
    agent = await startAgent(dir, [keys.agent]);
    config = await writeText(
      join(dir, 'ssh_config'),
      [
        'Host bastion',
        '  HostName 127.0.0.1',
        `  Port ${relay.port}`,
        '  User root',
        `  IdentityFile ${keys.plain}`,
        'Host runner-2',
        `  HostName ${TARGET_ADDR}`,
        '  User admin',
        '  ProxyJump bastion',
        '',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await agent?.stop();
    await relay?.stop();
    await target?.stop();
    await jump?.stop();
    await nsTarget?.remove();
    await nsJump?.remove();
    await rm(dir, { recursive: true, force: true });
  });

  const jumpLine = () => jump.knownHostsLine(`[127.0.0.1]:${relay.port}`);
  const opts = (knownHosts: string, over: Partial<CollectSshOptions> = {}): CollectSshOptions => ({
    knownHostsFiles: [knownHosts],
    appKnownHostsFile: join(dir, `app_kh_${Math.random()}`),
    acceptNewHostKeys: false,
    agentSocket: agent.socket,
    home: join(dir, 'empty-home'),
    sshConfigFile: config,
    connectTimeoutMs: 10_000,
    ...over,
  });

  it("collects through ProxyJump, and sees DNS and TLS from the host's own network", async () => {
    const known = await writeText(join(dir, 'kh_both'), `${jumpLine()}\n${target.knownHostsLine()}\n`);
    const store = await EvidenceStore.create();
    try {
      const [r] = await collectSshHosts(['runner-2'], store, opts(known));
      expect(r).toMatchObject({ state: 'done', source: 'ssh:runner-2' });
      expect(store.sources()[0]?.description).toBe(`admin@${TARGET_ADDR}:22 via root@127.0.0.1:${relay.port}`);
      const text = async (name: string) => {
        const chunks: Buffer[] = [];
        for await (const c of store.open(`evidence/ssh/runner-2/${name}`)) chunks.push(c as Buffer);
        return Buffer.concat(chunks).toString('utf8');
      };
      expect(await text('uname.txt')).toMatch(/^Linux runner-host-2 /);
      expect(await text('runner-version.txt')).toContain('16.6.1');
      expect(await text('syslog.log')).toContain('waiting for permission container to finish: exit code 127');
      expect(await text('podman-images.as-gitlab-runner.json')).toContain(HELPER_TAG);
      expect(await text('dns-gitlab.example.com.txt')).toContain('getent ahosts gitlab.example.com: no address found');
      expect(await text('curl-gitlab.example.com.txt')).toMatch(/Could not resolve host: gitlab\.example\.com/);
    } finally {
      await store.dispose();
    }
  });

  it("verifies every hop's key: a known jump host does not vouch for the target", async () => {
    const known = await writeText(join(dir, 'kh_jump_only'), `${jumpLine()}\n`);
    const store = await EvidenceStore.create();
    try {
      const [r] = await collectSshHosts(['runner-2'], store, opts(known));
      expect(r?.state).toBe('failed');
      const blob = Buffer.from(target.hostKeyPublic.split(' ')[1] as string, 'base64');
      expect(r?.error).toContain(`The authenticity of host '${TARGET_ADDR}' can't be established`);
      expect(r?.error).toContain(fingerprintSha256(blob));
    } finally {
      await store.dispose();
    }
  });

  it('asks about each unknown hop in order, jump host first', async () => {
    const known = await writeText(join(dir, 'kh_none'), '');
    const asked: string[] = [];
    const store = await EvidenceStore.create();
    try {
      const [r] = await collectSshHosts(
        ['runner-2'],
        store,
        opts(known, { askHostKey: async (i) => (asked.push(`${i.host}:${i.port}`), true) }),
      );
      expect(r?.state).toBe('done');
      expect(asked).toEqual([`127.0.0.1:${relay.port}`, `${TARGET_ADDR}:22`]);
    } finally {
      await store.dispose();
    }
  });
});
