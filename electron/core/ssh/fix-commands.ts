import { shQuote, wrap, type RemoteCommand } from './commands';

/**
 * The fixed command set a fix runs on a runner host: these scripts WRITE (config.toml, its
 * backup, a service restart), so they live apart from the read-only collection set in
 * commands.ts and are run only after the user's explicit yes (preflight reads only). Every
 * path is shell-quoted; root is reached only through `sudo -n`, never with a password.
 */

/** Exit codes of the write scripts, besides the tools' own. */
export const EXIT_CHANGED = 75;
export const EXIT_NO_SYSTEMD = 69;

/** `sudo -n sh -c BODY` when the fix writes as root through sudo; the body as it is otherwise. */
function as(via: 'direct' | 'sudo' | 'root', body: string): string {
  return via === 'sudo' ? `exec sudo -n sh -c ${shQuote(body)}` : body;
}

/**
 * Reads only: who we are, whether `sudo -n true` works, whether the file exists and by which
 * path it is writable (directly, or as root through sudo -n), and whether systemd runs here.
 */
export function fixPreflightCommand(path: string, t: number): RemoteCommand {
  return wrap(
    'fix-preflight',
    `check ${path} for writing`,
    [
      `p=${shQuote(path)}`,
      'd=$(dirname -- "$p")',
      'echo "uid=$(id -u)"',
      'if [ "$(id -u)" = 0 ]; then echo "sudo=root"',
      'elif ! command -v sudo >/dev/null 2>&1; then echo "sudo=missing"',
      'elif err=$(sudo -n true 2>&1); then echo "sudo=ok"',
      'else echo "sudo=no:$(printf %s "$err" | head -n 1)"; fi',
      'if sudo -n test -f "$p" 2>/dev/null || [ -f "$p" ]; then echo "exists=yes"; else echo "exists=no"; fi',
      'if [ -w "$p" ] && [ -w "$d" ]; then echo "writable=direct"',
      'elif [ "$(id -u)" != 0 ] && sudo -n test -w "$p" 2>/dev/null && sudo -n test -w "$d" 2>/dev/null; then echo "writable=sudo"',
      'else echo "writable=no"; fi',
      'if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then echo "systemd=yes"; else echo "systemd=no"; fi',
      'exit 0',
    ].join('\n'),
    t,
  );
}

/**
 * Replaces the file atomically when its sha256 is still `expectSha` (else exit 75): a backup
 * copy with mode and owner kept, the new bytes in a temporary file in the same directory with
 * the original's mode and owner, then a rename over it. Prints the new sha256.
 */
export function fixWriteCommand(path: string, backup: string, expectSha: string, content: Buffer, via: 'direct' | 'sudo' | 'root', t: number): RemoteCommand {
  return wrap('fix-write-config', `write ${path}`, as(via, atomicReplace(path, expectSha, `cp -p -- "$p" ${shQuote(backup)}`, `printf %s ${shQuote(content.toString('base64'))} | base64 -d > "$tmp"`, '"$p"')), t);
}

/** Puts the backup's bytes back when the file is still what the fix wrote (else exit 75). */
export function fixRestoreCommand(path: string, backup: string, expectSha: string, via: 'direct' | 'sudo' | 'root', t: number): RemoteCommand {
  return wrap('fix-restore-config', `restore ${path} from ${backup}`, as(via, atomicReplace(path, expectSha, `[ -f ${shQuote(backup)} ]`, `cat -- ${shQuote(backup)} > "$tmp"`, shQuote(backup))), t);
}

function atomicReplace(path: string, expectSha: string, before: string, fill: string, modeFrom: string): string {
  return [
    'set -e',
    `p=${shQuote(path)}`,
    'cur=$(sha256sum -- "$p" | cut -d " " -f 1)',
    `if [ "$cur" != ${shQuote(expectSha)} ]; then echo "$p changed since the plan was made (sha256 $cur)" >&2; exit ${EXIT_CHANGED}; fi`,
    before,
    'tmp=$(mktemp "$p.runner-doctor.XXXXXX")',
    "trap 'rm -f \"$tmp\"' EXIT",
    fill,
    `chmod --reference=${modeFrom} "$tmp"`,
    `chown --reference=${modeFrom} "$tmp"`,
    'mv -f -- "$tmp" "$p"',
    'trap - EXIT',
    'sha256sum -- "$p" | cut -d " " -f 1',
  ].join('\n');
}

/** Restarts the runner service where systemd runs it; elsewhere exits 69 so the fix says what to do by hand. */
export function fixRestartCommand(via: 'direct' | 'sudo' | 'root', t: number): RemoteCommand {
  const restart = via === 'sudo' ? 'sudo -n systemctl restart gitlab-runner' : 'systemctl restart gitlab-runner';
  return wrap(
    'fix-restart-runner',
    'systemctl restart gitlab-runner',
    [
      `if ! [ -d /run/systemd/system ] || ! command -v systemctl >/dev/null 2>&1; then echo "systemd does not run on this host" >&2; exit ${EXIT_NO_SYSTEMD}; fi`,
      restart,
      'systemctl is-active gitlab-runner',
    ].join('\n'),
    t,
  );
}
