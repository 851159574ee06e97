import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { progressText } from '../../../electron/core/collect/progress';
import { startDemoSshHost, type DemoSshHost } from '../../../electron/core/demo-lab/servers/ssh-host';
import { EvidenceStore } from '../../../electron/core/evidence/store';
import { collectSshHosts, type CollectSshOptions } from '../../../electron/core/ssh/collect-ssh';
import { evidencePaths } from '../../../shared/evidence-layout';
import { checkPrereqs, requirePrereqs } from '../../helpers/ssh/prereqs';
import {
  HELPER_TAG,
  makeKeys,
  PASSWORDS,
  SEED_SUDOERS,
  seedFiles,
  seedUsers,
  startAgent,
  startSelfSignedHttps,
  writeText,
  type TestKeys,
} from '../../helpers/ssh/seed-hosts';
import { freePort, startSshdHost, type SshdHost } from '../../helpers/ssh/sshd-host';

/** Collection from a seed-003 host: real sshd, real sudo, real rootless podman, syslog. */
const pre = await checkPrereqs();

describe('collecting from a seed-003 runner host over OpenSSH', () => {
  if (!requirePrereqs(pre, 'SSH collection tests')) return;
  let dir: string;
  let keys: TestKeys;
  let host: SshdHost;
  let demo: DemoSshHost;
  let https: { url: string; stop(): Promise<void> };
  let agent: { socket: string; stop(): Promise<void> };
  let known: string;
  const stores: EvidenceStore[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rd-ssh-collect-'));
    keys = await makeKeys(join(dir, 'keys'));
    https = await startSelfSignedHttps(dir);
    const users = seedUsers(keys);
    host = await startSshdHost({
      hostname: 'runner-host-1',
      users: users.all,
      sudoers: SEED_SUDOERS,
      files: seedFiles(https.url),
      runnerService: true,
      helperImage: { user: users.runner, tag: HELPER_TAG },
    });
    demo = await startDemoSshHost({ dir });
    agent = await startAgent(dir, [keys.agent]);
    known = await writeText(join(dir, 'known_hosts'), `${host.knownHostsLine()}\n${demo.hostKeyLine}\n`);
  });
  afterAll(async () => {
    for (const s of stores) await s.dispose();
    await agent?.stop();
    await demo?.stop();
    await host?.stop();
    await https?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const target = (user: string) => `${user}@127.0.0.1:${host.port}`;
  const opts = (over: Partial<CollectSshOptions> = {}): CollectSshOptions => ({
    knownHostsFiles: [known],
    appKnownHostsFile: join(dir, 'app_known_hosts'),
    acceptNewHostKeys: false,
    agentSocket: agent.socket,
    home: join(dir, 'empty-home'),
    sshConfigFile: '/dev/null',
    commandTimeoutMs: 20_000,
    ...over,
  });
  async function newStore(): Promise<EvidenceStore> {
    const s = await EvidenceStore.create();
    stores.push(s);
    return s;
  }
  async function read(store: EvidenceStore, path: string): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const c of store.open(path)) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  it("as an admin with sudo -n rights: everything, including the runner user's podman store", async () => {
    const store = await newStore();
    const [r] = await collectSshHosts([target('admin')], store, opts());
    expect(r).toMatchObject({ state: 'done', source: `ssh:${target('admin')}` });
    const base = `evidence/${evidencePaths.sshHost(target('admin'))}`;
    const kinds = Object.fromEntries(store.files().map((f) => [f.path.slice(base.length + 1), f.kind]));
    expect(kinds).toMatchObject({
      'runner-version.txt': 'runner-version',
      'syslog.log': 'journal',
      'config.toml': 'config-toml',
      'podman-info.json': 'podman-info',
      'podman-images.json': 'podman-images',
      'podman-info.as-gitlab-runner.json': 'podman-info',
      'podman-images.as-gitlab-runner.json': 'podman-images',
      'df.txt': 'df',
      'free.txt': 'free',
      'uname.txt': 'uname',
      'dns-127.0.0.1.txt': 'dns-lookup',
      'curl-127.0.0.1.txt': 'curl-verbose',
    });
    expect(await read(store, `${base}/runner-version.txt`)).toMatch(/^Version:\s+16\.6\.1\nGit revision: f5da3c5a/);
    expect(await read(store, `${base}/syslog.log`)).toMatch(
      /runner-host-1 gitlab-runner\[\d+\]: WARNING: Job failed: adding cache volume: set volume permissions: running permission container "[0-9a-f]+" for volume "runner-[^"]+-cache-[0-9a-f]+": waiting for permission container to finish: exit code 127\n.*gitlab-runner\[\d+\]:\s+duration_s=/,
    );
    const toml = await read(store, `${base}/config.toml`);
    expect(toml).toContain('host = "unix:///run/user/1001/podman/podman.sock"');
    expect(toml).not.toContain('glrt-TESTtokenVALUE123456');
    const images = JSON.parse(await read(store, `${base}/podman-images.as-gitlab-runner.json`)) as { Names: string[] }[];
    expect(images.flatMap((i) => i.Names)).toContain(HELPER_TAG);
    expect(JSON.parse(await read(store, `${base}/podman-images.json`))).toEqual([]);
    expect(JSON.parse(await read(store, `${base}/podman-info.as-gitlab-runner.json`)).host.security.rootless).toBe(true);
    expect(await read(store, `${base}/uname.txt`)).toMatch(/^Linux runner-host-1 /);
    expect(await read(store, `${base}/curl-127.0.0.1.txt`)).toMatch(/SSL certificate problem: self-signed certificate/);
    expect(store.sources()).toEqual([{ id: `ssh:${target('admin')}`, type: 'ssh', description: `admin@127.0.0.1:${host.port}` }]);
  });

  it('as a user whose sudo wants a password: says so clearly and collects the rest', async () => {
    const store = await newStore();
    const [r] = await collectSshHosts([{ target: target('ops'), password: PASSWORDS.ops }], store, opts({ agentSocket: null }));
    expect(r?.state).toBe('done');
    expect(r?.notes.join('\n')).toMatch(
      /\/etc\/gitlab-runner\/config\.toml is readable only by root, and sudo on this host wants a password/,
    );
    expect(r?.notes.join('\n')).toMatch(
      /podman images --format json \(as gitlab-runner\) failed \(exit 1\): .*sudo: a password is required/,
    );
    const paths = store.files().map((f) => f.path);
    expect(paths.some((p) => p.endsWith('/config.toml'))).toBe(false);
    expect(paths.some((p) => p.endsWith('/runner-version.txt'))).toBe(true);
    expect(store.errors().map((e) => e.source)).toContain(`ssh:${target('ops')}`);
  });

  it('stops a command that hangs on the host and carries on with the others', async () => {
    await host.exec(['sh', '-c', 'mkdir -p /etc/rd-test && touch /etc/rd-test/hang-version']);
    try {
      const store = await newStore();
      const started = Date.now();
      const [r] = await collectSshHosts(
        [{ target: target('gitlab-runner'), identityFile: keys.plain }],
        store,
        opts({ agentSocket: null, commandTimeoutMs: 2000 }),
      );
      expect(r?.state).toBe('done');
      expect(r?.notes).toContain('gitlab-runner --version did not finish within 2 s on the host and was stopped');
      expect(store.files().some((f) => f.kind === 'podman-images')).toBe(true);
      expect(Date.now() - started).toBeLessThan(20_000);
      const ps = await host.exec(['ps', '-eo', 'args=']);
      expect(ps.stdout).not.toMatch(/sleep 3599/);
    } finally {
      await host.exec(['rm', '-f', '/etc/rd-test/hang-version']);
    }
  });

  it('collects several hosts at once; a failing host does not stop the others', async () => {
    const store = await newStore();
    const closed = await freePort();
    const events: string[] = [];
    const results = await collectSshHosts(
      [target('admin'), `root@127.0.0.1:${closed}`, `${demo.user}@127.0.0.1:${demo.port}`, `nobody@127.0.0.1:${host.port}`],
      store,
      opts({ concurrency: 4, onProgress: (s, state) => events.push(`${s.id} ${state}`) }),
    );
    expect(results.map((r) => r.state)).toEqual(['done', 'failed', 'failed', 'failed']);
    expect(results[1]?.error).toMatch(/refused/);
    // The demo host accepts only its own key, which this run does not offer.
    expect(results[2]?.error).toMatch(/Authentication .* failed/);
    expect(results[3]?.error).toMatch(/Authentication .* failed/);
    for (const r of results) expect(events).toContain(`${r.source} pending`);
    expect(events).toContain(`ssh:${target('admin')} done`);
  });

  it('cancels without hanging and reports the hosts as cancelled', async () => {
    const store = await newStore();
    const ac = new AbortController();
    const states: string[] = [];
    const results = await collectSshHosts(
      [target('admin')],
      store,
      opts({
        signal: ac.signal,
        onProgress: (_s, state, message) => {
          states.push(state);
          if (/step 3/.test(progressText(message).message)) ac.abort();
        },
      }),
    );
    expect(results[0]?.state).toBe('cancelled');
    expect(states.at(-1)).toBe('cancelled');
  });
});
