import { formatError } from '../../../shared/i18n/text';
import { msg, type Message } from '../../../shared/messages';

/**
 * The fixed, read-only command set run on runner hosts (the fixes write with fix-commands.ts). Every value that comes from outside
 * (paths from the service's arguments, user names, URLs) is shell-quoted. Each script is run
 * by `sh -s` under `timeout` when the host has it, so nothing lingers after a deadline.
 */

export interface RemoteCommand {
  /** Stable id, also written as the script's first line (the demo host answers by it). */
  id: string;
  /** What the user sees in progress and error messages. */
  label: string;
  /** The label as a message id, where it is prose rather than the command itself. */
  labelText?: Message;
  script: string;
}

/** A command's label for a message: its id where it has one, else the command as written. */
export function labelOf(cmd: RemoteCommand): string | Message {
  return cmd.labelText ?? cmd.label;
}

export function shQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function wrap(id: string, label: string | Message, body: string, timeoutSec: number): RemoteCommand {
  const script = [
    `# runner-doctor: ${id}`,
    '{',
    // Non-login sessions often miss the sbin directories; LC_ALL=C keeps messages parseable.
    'PATH="$PATH:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"; export PATH',
    'LC_ALL=C; export LC_ALL',
    `if command -v timeout >/dev/null 2>&1; then rd_t="timeout -k 5 ${Math.max(1, Math.ceil(timeoutSec))}"; else rd_t=""; fi`,
    `$rd_t sh -c ${shQuote(body)}`,
    '} </dev/null',
    '',
  ].join('\n');
  return typeof label === 'string' ? { id, label, script } : { id, label: formatError(label), labelText: label, script };
}

/** Facts the other commands depend on: who we are, which tools exist, how the service runs. */
export function probeCommand(timeoutSec: number): RemoteCommand {
  return wrap(
    'probe',
    msg('ssh.cmd.probe'),
    [
      'echo "user=$(id -un 2>/dev/null)"',
      'echo "uid=$(id -u 2>/dev/null)"',
      'echo "home=$HOME"',
      'for c in gitlab-runner systemctl journalctl podman docker sudo runuser curl getent; do',
      '  command -v "$c" >/dev/null 2>&1 && echo "has=$c"',
      'done',
      'systemctl show gitlab-runner -p ExecStart --value 2>/dev/null | while IFS= read -r l; do echo "execstart=$l"; done',
      'ps -eo user=,args= 2>/dev/null | grep \'gitlab-runne[r] \' | while IFS= read -r l; do echo "proc=$l"; done',
      'exit 0',
    ].join('\n'),
    timeoutSec,
  );
}

export function simpleCommand(id: string, command: string, timeoutSec: number): RemoteCommand {
  return wrap(id, command, `exec ${command}`, timeoutSec);
}

export function runnerVersionCommand(t: number): RemoteCommand {
  return simpleCommand('runner-version', 'gitlab-runner --version', t);
}

export function systemctlStatusCommand(t: number): RemoteCommand {
  return simpleCommand('systemctl-status', 'systemctl status gitlab-runner --no-pager --full --lines=50', t);
}

export function journalCommand(hours: number, maxLines: number, useSudo: boolean, t: number): RemoteCommand {
  const cmd = `journalctl -u gitlab-runner --no-pager --since=-${Math.max(1, Math.floor(hours))}h -n ${Math.floor(maxLines)}`;
  return simpleCommand(useSudo ? 'journal-sudo' : 'journal', useSudo ? `sudo -n ${cmd}` : cmd, t);
}

/** Hosts without systemd log the runner through syslog. */
export function syslogCommand(maxLines: number, t: number): RemoteCommand {
  return wrap(
    'syslog',
    msg('ssh.cmd.syslog'),
    [
      'found=',
      'for f in /var/log/syslog /var/log/messages; do',
      `  if [ -r "$f" ]; then found=1; grep -h 'gitlab-runner' "$f" | tail -n ${Math.floor(maxLines)}; fi`,
      'done',
      '[ -n "$found" ] || { echo "no readable /var/log/syslog or /var/log/messages" >&2; exit 66; }',
    ].join('\n'),
    t,
  );
}

/** Exit codes of the config script, besides cat's and sudo's own. */
export const EXIT_NOT_FOUND = 66;
export const EXIT_UNREADABLE = 77;
export const EXIT_NO_SUDO = 78;
export const EXIT_NO_USER = 67;

/** Reads config.toml; only a file under /etc is retried with `sudo -n` (never a password). */
export function configTomlCommand(path: string, t: number): RemoteCommand {
  return wrap(
    'config-toml',
    `cat ${path}`,
    [
      `p=${shQuote(path)}`,
      'if [ -f "$p" ] && [ -r "$p" ]; then exec cat -- "$p"; fi',
      'case "$p" in /etc/*) under_etc=1;; *) under_etc=;; esac',
      'if [ -n "$under_etc" ] && [ "$(id -u)" != 0 ] && [ -d "$(dirname -- "$p")" ]; then',
      `  command -v sudo >/dev/null 2>&1 || { echo "$p is not readable as $(id -un) and sudo is not installed" >&2; exit ${EXIT_NO_SUDO}; }`,
      '  exec sudo -n cat "$p"',
      'fi',
      `if [ -e "$p" ]; then echo "$p is not readable as $(id -un)" >&2; exit ${EXIT_UNREADABLE}; fi`,
      `echo "$p does not exist" >&2; exit ${EXIT_NOT_FOUND}`,
    ].join('\n'),
    t,
  );
}

/**
 * podman as the login user, or as `asUser` (rootless podman keeps one image store per user):
 * through `sudo -n -u`, or `runuser` when we are root without sudo.
 */
export function podmanCommand(what: 'info' | 'images', asUser: string | undefined, t: number): RemoteCommand {
  const args = what === 'info' ? 'podman info --format json' : 'podman images --format json';
  const runtimeDir = [
    'if [ -z "${XDG_RUNTIME_DIR:-}" ] && [ -d "/run/user/$(id -u)" ]; then',
    '  XDG_RUNTIME_DIR="/run/user/$(id -u)"; export XDG_RUNTIME_DIR',
    'fi',
  ];
  if (!asUser) return wrap(`podman-${what}`, args, [...runtimeDir, `exec ${args}`].join('\n'), t);
  return wrap(
    `podman-${what}-as-user`,
    msg('ssh.cmd.asUser', { command: args, user: asUser }),
    [
      `u=${shQuote(asUser)}`,
      `uid=$(id -u "$u" 2>/dev/null) || { echo "there is no user $u on this host" >&2; exit ${EXIT_NO_USER}; }`,
      'cd /',
      'if [ "$(id -u)" = "$uid" ]; then set --',
      'elif command -v sudo >/dev/null 2>&1; then set -- sudo -n -u "$u" -H',
      'elif [ "$(id -u)" = 0 ] && command -v runuser >/dev/null 2>&1; then set -- runuser -u "$u" --',
      `else echo "cannot switch to $u: sudo is not installed" >&2; exit ${EXIT_NO_SUDO}; fi`,
      'if [ -d "/run/user/$uid" ]; then set -- "$@" env "XDG_RUNTIME_DIR=/run/user/$uid"; fi',
      `exec "$@" ${args}`,
    ].join('\n'),
    t,
  );
}

export function dockerCommand(what: 'info' | 'images', t: number): RemoteCommand {
  return simpleCommand(`docker-${what}`, what === 'info' ? `docker info --format '{{json .}}'` : 'docker images', t);
}

export function lookupUidCommand(uid: number, t: number): RemoteCommand {
  return simpleCommand('lookup-uid', `getent passwd ${Math.floor(uid)}`, t);
}

/** DNS as the host sees it: the resolver's answer and its configuration. */
export function dnsCommand(host: string, t: number): RemoteCommand {
  return wrap(
    'dns-lookup',
    `getent ahosts ${host}`,
    [
      `h=${shQuote(host)}`,
      'echo "# getent ahosts $h"',
      'getent ahosts "$h"; rc=$?',
      '[ "$rc" -eq 0 ] || echo "getent ahosts $h: no address found (exit $rc)"',
      'echo "# /etc/resolv.conf"',
      "grep -E '^(nameserver|search|domain|options)' /etc/resolv.conf 2>/dev/null",
      'exit 0',
    ].join('\n'),
    t,
  );
}

/** TLS and HTTP from the host itself, so certificate and proxy faults show as the runner meets them. */
export function curlCommand(url: string, maxTimeSec: number, t: number): RemoteCommand {
  return wrap(
    'curl-verbose',
    `curl -sv ${url}`,
    `exec curl -sSv -o /dev/null --connect-timeout 10 --max-time ${Math.floor(maxTimeSec)} ${shQuote(url)} 2>&1`,
    t,
  );
}
