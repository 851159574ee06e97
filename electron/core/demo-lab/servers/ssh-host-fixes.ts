import { createHash } from 'node:crypto';

/**
 * The demo host's answers to the fix write scripts (electron/core/ssh/fix-commands.ts), with
 * the effects a real host shows: config.toml changes only while its sha256 is the one the
 * script expects (else exit 75), a backup is kept, and a restore puts its bytes back. The
 * login user (gitlab-runner) has passwordless sudo there, and systemd runs the runner.
 */

export interface DemoHostFiles {
  /** Current bytes of config.toml and of the backups the fix made, by path. */
  files: Map<string, string>;
  /** When the fix restarted the runner service: the journal shows each restart. */
  restarts: Date[];
}

type Reply = { stdout?: string; stderr?: string; code: number };

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const unquote = (s: string) => s.replace(/'\\''/g, "'");
const QUOTED = `'((?:[^']|'\\\\'')*)'`;
const field = (body: string, re: RegExp) => {
  const m = re.exec(body)?.[1];
  return m === undefined ? undefined : unquote(m);
};

/** The body a script runs, without the `sudo -n sh -c '…'` layer the fix adds when it writes as root. */
function inner(body: string): string {
  const m = new RegExp(`^exec sudo -n sh -c ${QUOTED}$`).exec(body.trim());
  return m ? unquote(m[1]!) : body;
}

export function demoFixReply(id: string, rawBody: string, state: DemoHostFiles): Reply | undefined {
  const body = inner(rawBody);
  const path = field(body, new RegExp(`\\bp=${QUOTED}`));
  switch (id) {
    case 'fix-preflight':
      return {
        code: 0,
        stdout: ['uid=1001', 'sudo=ok', `exists=${path && state.files.has(path) ? 'yes' : 'no'}`, 'writable=sudo', 'systemd=yes', ''].join('\n'),
      };
    case 'fix-write-config':
    case 'fix-restore-config': {
      const want = field(body, new RegExp(`"\\$cur" != ${QUOTED}`));
      const current = path ? state.files.get(path) : undefined;
      if (!path || current === undefined) return { code: 1, stderr: `sha256sum: ${path}: No such file or directory\n` };
      if (sha256(current) !== want) return { code: 75, stderr: `${path} changed since the plan was made (sha256 ${sha256(current)})\n` };
      let next: string | undefined;
      if (id === 'fix-write-config') {
        const backup = field(body, new RegExp(`cp -p -- "\\$p" ${QUOTED}`));
        next = Buffer.from(field(body, new RegExp(`printf %s ${QUOTED} \\| base64 -d`)) ?? '', 'base64').toString('utf8');
        if (backup) state.files.set(backup, current);
      } else {
        next = state.files.get(field(body, new RegExp(`cat -- ${QUOTED} > "\\$tmp"`)) ?? '');
        if (next === undefined) return { code: 1, stderr: 'the backup is not there\n' };
      }
      state.files.set(path, next);
      return { code: 0, stdout: `${sha256(next)}\n` };
    }
    case 'fix-restart-runner':
      state.restarts.push(new Date());
      return { code: 0, stdout: 'active\n' };
    default:
      return undefined;
  }
}
