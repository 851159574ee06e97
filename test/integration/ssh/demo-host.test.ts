import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoSshHost, type DemoSshHost } from '../../../electron/core/demo-lab/servers/ssh-host';
import { EvidenceStore } from '../../../electron/core/evidence/store';
import { collectSshHosts } from '../../../electron/core/ssh/collect-ssh';

/** The demo lab's SSH host reproduces seed 003 through the real collector. */
describe('demo SSH host (seed 003)', () => {
  let dir: string;
  let host: DemoSshHost;
  let store: EvidenceStore;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rd-demo-ssh-'));
    host = await startDemoSshHost({ dir });
    store = await EvidenceStore.create();
  });
  afterAll(async () => {
    await host?.stop();
    await store?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  async function read(path: string): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const c of store.open(path)) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  it('collects the seed-003 evidence with the right kinds', async () => {
    const config = join(dir, 'ssh_config');
    await writeFile(
      config,
      `Host demo\n  HostName ${host.host}\n  Port ${host.port}\n  User ${host.user}\n  IdentityFile ${host.privateKeyPath}\n`,
    );
    const known = join(dir, 'known_hosts');
    await writeFile(known, `${host.hostKeyLine}\n`);
    const states: string[] = [];
    const results = await collectSshHosts(['demo'], store, {
      sshConfigFile: config,
      knownHostsFiles: [known],
      appKnownHostsFile: join(dir, 'app_known_hosts'),
      acceptNewHostKeys: false,
      agentSocket: null,
      home: dir,
      onProgress: (source, state) => states.push(`${source.id} ${state}`),
    });
    expect(results[0]).toMatchObject({ alias: 'demo', state: 'done' });
    expect(states[0]).toBe('ssh:demo pending');
    expect(states.at(-1)).toBe('ssh:demo done');
    const kinds = Object.fromEntries(store.files().map((f) => [f.path, f.kind]));
    expect(kinds).toMatchObject({
      'evidence/ssh/demo/runner-version.txt': 'runner-version',
      'evidence/ssh/demo/systemctl-status.txt': 'systemctl-status',
      'evidence/ssh/demo/journal.log': 'journal',
      'evidence/ssh/demo/config.toml': 'config-toml',
      'evidence/ssh/demo/podman-info.json': 'podman-info',
      'evidence/ssh/demo/podman-images.json': 'podman-images',
      'evidence/ssh/demo/df.txt': 'df',
      'evidence/ssh/demo/free.txt': 'free',
      'evidence/ssh/demo/uname.txt': 'uname',
      'evidence/ssh/demo/dns-gitlab.example.com.txt': 'dns-lookup',
      'evidence/ssh/demo/curl-gitlab.example.com.txt': 'curl-verbose',
    });
    expect(store.files().every((f) => f.source === 'ssh:demo')).toBe(true);
    expect(await read('evidence/ssh/demo/runner-version.txt')).toMatch(/Version:\s+16\.6\.1[\s\S]*Git revision: f5da3c5a/);
    const journal = await read('evidence/ssh/demo/journal.log');
    expect(journal).toMatch(
      /gitlab-runner\[\d+\]: WARNING: Job failed: adding cache volume: set volume permissions: running permission container "[0-9a-f]+" for volume "runner-[^"]*-cache-[0-9a-f]+": waiting for permission container to finish: exit code 127/,
    );
    const images = JSON.parse(await read('evidence/ssh/demo/podman-images.json')) as { Id: string; Names: string[] }[];
    const helper = images.find((i) =>
      i.Names.includes('registry.gitlab.com/gitlab-org/gitlab-runner/gitlab-runner-helper:x86_64-f5da3c5a'),
    );
    expect(helper?.Id).toMatch(/^53b08cbd609b/);
    expect(JSON.parse(await read('evidence/ssh/demo/podman-info.json')).host.security.rootless).toBe(true);
    const toml = await read('evidence/ssh/demo/config.toml');
    expect(toml).toContain('host = "unix:///run/user/1001/podman/podman.sock"');
    expect(toml).toContain('executor = "docker"');
    expect(toml).not.toContain('glrt-dEmO');
    // Seed 003's host runs jobs on podman; it has no docker CLI, which is no collection error.
    expect(store.errors()).toEqual([]);
  });

  it('gives a known_hosts line and fingerprint that match what the client sees', async () => {
    expect(host.hostKeyLine).toMatch(new RegExp(`^\\[127\\.0\\.0\\.1\\]:${host.port} ssh-ed25519 AAAA`));
    expect(host.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect((await readFile(host.privateKeyPath, 'utf8')).startsWith('-----BEGIN OPENSSH PRIVATE KEY-----')).toBe(true);
  });
});
