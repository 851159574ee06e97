import { access, constants } from 'node:fs/promises';
import { it } from 'vitest';

/**
 * What the real-host SSH tests need. Missing pieces fail the suite in CI (CI=true); on a
 * developer machine the suite is skipped with a loud reason instead.
 */

const TOOLS: Record<string, string[]> = {
  sshd: ['/usr/sbin/sshd'],
  'ssh-keygen': ['/usr/bin/ssh-keygen'],
  'ssh-agent': ['/usr/bin/ssh-agent'],
  'ssh-add': ['/usr/bin/ssh-add'],
  unshare: ['/usr/bin/unshare'],
  nsenter: ['/usr/bin/nsenter'],
  ip: ['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip'],
  podman: ['/usr/bin/podman'],
  runc: ['/usr/sbin/runc', '/usr/bin/runc'],
  busybox: ['/usr/bin/busybox', '/bin/busybox'],
  newuidmap: ['/usr/bin/newuidmap'],
  sudo: ['/usr/bin/sudo'],
  openssl: ['/usr/bin/openssl'],
  curl: ['/usr/bin/curl'],
};

async function exists(paths: string[]): Promise<string | undefined> {
  for (const p of paths)
    if (
      await access(p, constants.X_OK).then(
        () => true,
        () => false,
      )
    )
      return p;
  return undefined;
}

export interface Prereqs {
  missing: string[];
  paths: Record<string, string>;
}

export async function checkPrereqs(names = Object.keys(TOOLS)): Promise<Prereqs> {
  const missing: string[] = [];
  const paths: Record<string, string> = {};
  if (process.getuid?.() !== 0) missing.push('root (namespaces, sshd and other users need it)');
  for (const name of names) {
    const found = await exists(TOOLS[name] ?? [name]);
    if (found) paths[name] = found;
    else missing.push(name);
  }
  return { missing, paths };
}

export const IN_CI = process.env.CI === 'true';

/**
 * Call inside a describe: returns true when the suite may run. Otherwise registers a failing
 * test in CI, or prints why it is skipped elsewhere.
 */
export function requirePrereqs(pre: Prereqs, suite: string): boolean {
  if (pre.missing.length === 0) return true;
  const reason = `${suite} needs: ${pre.missing.join(', ')} (run test/helpers/ssh/setup-system.sh as root)`;
  if (IN_CI) {
    it('has the system tools it needs', () => {
      throw new Error(reason);
    });
  } else {
    console.warn(`\n${'!'.repeat(72)}\nSKIPPED: ${reason}\n${'!'.repeat(72)}\n`);
    it.skip(`skipped: ${reason}`, () => {});
  }
  return false;
}
