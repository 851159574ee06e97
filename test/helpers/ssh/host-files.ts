import { chmod, chown, copyFile, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runOk } from './children';

/**
 * The file tree a test host sees on top of this machine's: its users, sudoers, sshd keys,
 * podman config, the gitlab-runner stand-in. It is laid over /etc, /home, /usr/local/bin,
 * /var and /run inside the host's own mount namespace, so the machine itself is untouched.
 */

export interface TestUser {
  name: string;
  uid: number;
  password?: string;
  authorizedKeys: string[];
}

export interface HostFile {
  path: string;
  content: string;
  mode?: number;
  uid?: number;
}

export const OVERLAID = ['etc', 'home', 'usr/local/bin', 'var', 'run'];

const FAKE_RUNNER = fileURLToPath(new URL('./fake-gitlab-runner.sh', import.meta.url));

/** podman here needs runc, bounded ulimits and no network namespace (see ARCHITECTURE.md). */
export const CONTAINERS_CONF = [
  '[containers]',
  'default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]',
  'netns = "none"',
  '[engine]',
  'runtime = "runc"',
  '',
].join('\n');

async function put(root: string, file: HostFile): Promise<void> {
  const target = join(root, file.path);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, file.content);
  await chmod(target, file.mode ?? 0o644);
  if (file.uid !== undefined) await chown(target, file.uid, file.uid);
}

async function dir(root: string, path: string, mode: number, uid = 0): Promise<void> {
  const target = join(root, path);
  await mkdir(target, { recursive: true });
  await chmod(target, mode);
  await chown(target, uid, uid);
}

export async function stageHostFiles(
  root: string,
  hostname: string,
  users: TestUser[],
  sudoers: string | undefined,
  extra: HostFile[],
): Promise<void> {
  const others = users.filter((u) => u.uid !== 0);
  const hash = async (pw?: string) => (pw ? (await runOk('openssl', ['passwd', '-6', pw])).trim() : '*');
  const passwd = await readFile('/etc/passwd', 'utf8');
  const group = await readFile('/etc/group', 'utf8');
  const shadow = await readFile('/etc/shadow', 'utf8');
  const hosts = await readFile('/etc/hosts', 'utf8').catch(() => '127.0.0.1 localhost\n');
  const shadowLines: string[] = [];
  for (const u of others) shadowLines.push(`${u.name}:${await hash(u.password)}:19000:0:99999:7:::`);
  const files: HostFile[] = [
    { path: 'etc/passwd', content: passwd + others.map((u) => `${u.name}:x:${u.uid}:${u.uid}::/home/${u.name}:/bin/sh\n`).join('') },
    { path: 'etc/group', content: group + others.map((u) => `${u.name}:x:${u.uid}:\n`).join('') },
    { path: 'etc/shadow', content: shadow + shadowLines.map((l) => `${l}\n`).join(''), mode: 0o640 },
    { path: 'etc/subuid', content: others.map((u, i) => `${u.name}:${200000 + i * 65536}:65536\n`).join('') },
    { path: 'etc/subgid', content: others.map((u, i) => `${u.name}:${200000 + i * 65536}:65536\n`).join('') },
    { path: 'etc/containers/containers.conf', content: CONTAINERS_CONF },
    // Root's store sits on this host's /var overlay, where podman's overlay driver cannot work.
    {
      path: 'etc/containers/storage.conf',
      content: '[storage]\ndriver = "vfs"\nrunroot = "/run/containers/storage"\ngraphroot = "/var/lib/containers/storage"\n',
    },
    // sudo looks up its own host name.
    { path: 'etc/hosts', content: `${hosts.trimEnd()}\n127.0.1.1 ${hostname}\n` },
    { path: 'var/log/syslog', content: '' },
    ...users.map((u) => ({ path: `etc/ssh/authorized_keys/${u.name}`, content: u.authorizedKeys.join('\n') + '\n' })),
    ...others.map((u) => ({ path: `home/${u.name}/.config/containers/containers.conf`, content: CONTAINERS_CONF, uid: u.uid })),
    ...extra,
  ];
  if (sudoers !== undefined) {
    files.push({ path: 'etc/sudoers', content: `Defaults env_reset\nroot ALL=(ALL:ALL) ALL\n${sudoers}\n`, mode: 0o440 });
  }
  for (const top of OVERLAID) await mkdir(join(root, top), { recursive: true });
  for (const f of files) await put(root, f);
  await mkdir(join(root, 'usr/local/bin'), { recursive: true });
  await copyFile(FAKE_RUNNER, join(root, 'usr/local/bin/gitlab-runner'));
  await chmod(join(root, 'usr/local/bin/gitlab-runner'), 0o755);
  await dir(root, 'run/sshd', 0o755);
  await dir(root, 'run/user', 0o755);
  for (const u of others) {
    await dir(root, `home/${u.name}`, 0o750, u.uid);
    await dir(root, `home/${u.name}/.config`, 0o755, u.uid);
    await dir(root, `home/${u.name}/.config/containers`, 0o755, u.uid);
    await dir(root, `run/user/${u.uid}`, 0o700, u.uid);
  }
}

/** A minimal image root: busybox and a few applet links, enough for `podman import`. */
export async function busyboxRootfsTar(dirPath: string): Promise<string> {
  const rootfs = join(dirPath, 'rootfs');
  await mkdir(join(rootfs, 'bin'), { recursive: true });
  await copyFile('/usr/bin/busybox', join(rootfs, 'bin/busybox'));
  await chmod(join(rootfs, 'bin/busybox'), 0o755);
  for (const applet of ['sh', 'ls', 'cat', 'id', 'chown', 'chmod']) await symlink('busybox', join(rootfs, 'bin', applet));
  const tar = join(dirPath, 'rootfs.tar');
  await runOk('tar', ['-C', rootfs, '-cf', tar, '.']);
  await chmod(tar, 0o644);
  return tar;
}
