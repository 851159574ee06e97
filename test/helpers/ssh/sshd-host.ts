import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { run, runOk, startDaemon, waitFor, type Daemon, type RunResult } from './children';
import { busyboxRootfsTar, OVERLAID, stageHostFiles, type HostFile, type TestUser } from './host-files';

/**
 * A real OpenSSH sshd as a test host. It runs in its own mount, UTS and PID namespaces (and,
 * when asked, a network namespace): its users, sudoers, /var/log and podman stores are its
 * own, and killing it takes every process it started with it.
 */

export interface SshdHostOptions {
  hostname: string;
  users: TestUser[];
  /** sudoers lines; without them the host has no /etc/sudoers of its own. */
  sudoers?: string;
  files?: HostFile[];
  /** Network namespace name (under /run/netns); the host then listens on `listenAddress`:22. */
  netns?: string;
  listenAddress?: string;
  /** Start the gitlab-runner stand-in as a service logging to /var/log/syslog. */
  runnerService?: boolean;
  /** Import a busybox image under this tag into a user's rootless podman store. */
  helperImage?: { user: TestUser; tag: string };
}

export interface SshdHost {
  dir: string;
  address: string;
  port: number;
  /** "ssh-ed25519 AAAA…" */
  hostKeyPublic: string;
  /** known_hosts line as OpenSSH writes it for this address and port. */
  knownHostsLine(name?: string): string;
  /** Runs a command inside the host's namespaces, as root. */
  exec(args: string[]): Promise<RunResult>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function initScript(dir: string, hostname: string, runnerService: boolean): string {
  const lines = ['set -e', `D=${dir}`, 'mount -t tmpfs rd-ovl "$D/ovl"'];
  for (const top of OVERLAID) {
    const slot = top.replace(/\//g, '_');
    lines.push(
      `mkdir -p "$D/ovl/${slot}/up" "$D/ovl/${slot}/work"`,
      `cp -a "$D/files/${top}/." "$D/ovl/${slot}/up/"`,
      `mount -t overlay overlay -o "lowerdir=/${top},upperdir=$D/ovl/${slot}/up,workdir=$D/ovl/${slot}/work" /${top}`,
    );
  }
  lines.push(`hostname ${hostname}`);
  if (runnerService) {
    lines.push(
      'gitlab-runner run --working-directory /home/gitlab-runner --config /etc/gitlab-runner/config.toml --service gitlab-runner --user gitlab-runner --syslog </dev/null >/dev/null 2>&1 &',
    );
  }
  lines.push('exec /usr/sbin/sshd -D -e -f "$D/sshd_config"', '');
  return lines.join('\n');
}

export async function startSshdHost(opts: SshdHostOptions): Promise<SshdHost> {
  const dir = await mkdtemp('/tmp/rd-sshd-');
  await chmod(dir, 0o755);
  let daemon: Daemon | undefined;
  const cleanup = async () => {
    await daemon?.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await mkdir(join(dir, 'keys'), { mode: 0o700 });
    await mkdir(join(dir, 'ovl'));
    const hostKey = join(dir, 'keys', 'host_ed25519');
    await runOk('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', opts.hostname, '-f', hostKey]);
    await stageHostFiles(join(dir, 'files'), opts.hostname, opts.users, opts.sudoers, opts.files ?? []);
    const address = opts.listenAddress ?? '127.0.0.1';
    const port = opts.netns ? 22 : await freePort();
    await writeFile(
      join(dir, 'sshd_config'),
      [
        `ListenAddress ${address}:${port}`,
        `HostKey ${hostKey}`,
        'PidFile none',
        'UsePAM no',
        'PasswordAuthentication yes',
        'KbdInteractiveAuthentication no',
        'PermitRootLogin prohibit-password',
        'AuthorizedKeysFile /etc/ssh/authorized_keys/%u',
        'StrictModes no',
        'AllowTcpForwarding yes',
        'LogLevel VERBOSE',
        '',
      ].join('\n'),
    );
    await writeFile(join(dir, 'init.sh'), initScript(dir, opts.hostname, opts.runnerService ?? false));
    const unshare = [
      'unshare',
      '--mount',
      '--uts',
      '--pid',
      '--fork',
      '--kill-child',
      '--mount-proc',
      '--propagation',
      'private',
      'sh',
      join(dir, 'init.sh'),
    ];
    daemon = opts.netns
      ? startDaemon('nsenter', [`--net=/run/netns/${opts.netns}`, ...unshare])
      : startDaemon(unshare[0] as string, unshare.slice(1));
    const d = daemon;
    await waitFor(`sshd of ${opts.hostname} to listen`, () => d.log().includes('Server listening on'), d);
    const parent = d.child.pid as number;
    const children = (await readFile(`/proc/${parent}/task/${parent}/children`, 'utf8')).trim().split(/\s+/);
    const initPid = children[0];
    if (!initPid) throw new Error(`no sshd process under ${parent}`);
    const exec = (args: string[]) => run('nsenter', ['-t', initPid, '-m', '-u', '-p', '-n', '--', ...args], { cwd: '/' });
    if (opts.helperImage) {
      const tar = await busyboxRootfsTar(dir);
      const u = opts.helperImage.user;
      const r = await exec([
        'runuser',
        '-u',
        u.name,
        '--',
        'env',
        `HOME=/home/${u.name}`,
        `XDG_RUNTIME_DIR=/run/user/${u.uid}`,
        'podman',
        'import',
        '--quiet',
        tar,
        opts.helperImage.tag,
      ]);
      if (r.code !== 0) throw new Error(`podman import failed: ${r.stderr}`);
    }
    const hostKeyPublic = (await readFile(`${hostKey}.pub`, 'utf8')).trim().split(/\s+/).slice(0, 2).join(' ');
    return {
      dir,
      address,
      port,
      hostKeyPublic,
      knownHostsLine: (name) => `${name ?? (port === 22 ? address : `[${address}]:${port}`)} ${hostKeyPublic}`,
      exec,
      stop: cleanup,
    };
  } catch (err) {
    const log = daemon?.log() ?? '';
    await cleanup();
    const message = (err as Error).message;
    throw new Error(log && !message.includes(log) ? `${message}\n--- sshd log ---\n${log}` : message);
  }
}
