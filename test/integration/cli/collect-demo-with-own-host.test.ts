import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZipReader } from '../../../electron/core/evidence/bundle/zip-reader';
import { runCli } from '../../helpers/run-cli';
import { checkPrereqs, requirePrereqs } from '../../helpers/ssh/prereqs';
import { makeKeys, SEED_SUDOERS, seedFiles, seedUsers } from '../../helpers/ssh/seed-hosts';
import { startSshdHost, type SshdHost } from '../../helpers/ssh/sshd-host';

// `collect --demo --ssh ALIAS` where ALIAS is a host in the user's own ~/.ssh/config (a real
// sshd): the lab's host is reached through the lab's config, the user's through theirs.
const pre = await checkPrereqs();

describe('runner-doctor collect --demo --ssh with an alias from ~/.ssh/config', () => {
  if (!requirePrereqs(pre, 'collect --demo with a real SSH host')) return;
  let dir: string;
  let home: string;
  let host: SshdHost;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rd-demo-own-host-'));
    const keys = await makeKeys(join(dir, 'keys'));
    host = await startSshdHost({ hostname: 'runner-box', users: seedUsers(keys).all, sudoers: SEED_SUDOERS, files: seedFiles('https://gitlab.example.com/'), runnerService: true });
    home = join(dir, 'home');
    await mkdir(join(home, '.ssh'), { recursive: true, mode: 0o700 });
    const config = ['Host runner-box', '  HostName 127.0.0.1', `  Port ${host.port}`, '  User admin', `  IdentityFile ${keys.plain}`, '  IdentitiesOnly yes', ''];
    await writeFile(join(home, '.ssh', 'config'), config.join('\n'), { mode: 0o600 });
    await writeFile(join(home, '.ssh', 'known_hosts'), `${host.knownHostsLine()}\n`, { mode: 0o600 });
  }, 120_000);
  afterAll(async () => {
    await host?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('collects the lab and the user\'s host, each through its own ssh config', async () => {
    const out = join(dir, 'mixed.zip');
    const env = { HOME: home, RUNNER_DOCTOR_CONFIG_DIR: join(dir, 'config'), GITLAB_TOKEN: '', SSH_AUTH_SOCK: '' };
    const r = await runCli(['collect', '--demo', '--ssh', 'runner-box', '--out', out, '--json'], { env, timeoutMs: 120_000 });
    expect(r.stderr).not.toMatch(/Cannot resolve/);
    // Exit 1 (findings), not 3: no source was unreachable. Commands the test host cannot run
    // (systemctl without systemd, docker without a daemon) are notes of a reached host.
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { errors: { source: string; message: string }[] };
    expect(doc.errors.filter((e) => /resolve|connect to the host|refused|timed out|host key/i.test(e.message) && e.source.startsWith('ssh'))).toEqual([]);
    const zip = await ZipReader.open(out);
    try {
      const manifest = JSON.parse(await zip.readText('manifest.json')) as { files: { path: string }[] };
      const paths = manifest.files.map((f) => f.path);
      expect(paths).toContain('evidence/ssh/runner-box/config.toml');
      expect(paths.some((p) => p.startsWith('evidence/ssh/demo-runner-host/'))).toBe(true);
    } finally {
      zip.close();
    }
  }, 150_000);
});
