import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

const START = '__RUNNER_DOCTOR_PATH_START__';
const END = '__RUNNER_DOCTOR_PATH_END__';

let cached: Promise<string> | undefined;

/**
 * The PATH a login shell would have. Apps started from a desktop launcher (Finder, a .desktop
 * file) inherit a minimal PATH without Homebrew, ~/.local/bin or the cloud CLIs that kubeconfig
 * exec plugins run, so ask the user's shell, as terminal-less tools like VS Code do.
 * Falls back to the process's own PATH when there is no usable shell.
 */
export function loginShellPath(opts: { shell?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  if (!opts.shell && !opts.env && cached) return cached;
  const env = opts.env ?? process.env;
  const run = askShell(opts.shell ?? env.SHELL, env, opts.timeoutMs ?? 5000).then((fromShell) => mergePaths(fromShell, env.PATH ?? ''));
  if (!opts.shell && !opts.env) cached = run;
  return run;
}

function askShell(shell: string | undefined, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> {
  if (process.platform === 'win32' || !shell || !isAbsolute(shell)) return Promise.resolve('');
  return new Promise((resolvePath) => {
    let out = '';
    let settled = false;
    const finish = (value: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolvePath(value);
    };
    // -i and -l: PATH is set in .zshrc/.bashrc as often as in the profile files.
    const child = spawn(shell, ['-ilc', `printf '%s%s%s' '${START}' "$PATH" '${END}'`], {
      env: { ...env, TERM: 'dumb' },
      stdio: ['ignore', 'pipe', 'ignore'],
      detached: false,
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish('');
    }, timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      if (out.length < 1 << 20) out += d;
    });
    child.on('error', () => finish(''));
    child.on('close', () => {
      const start = out.lastIndexOf(START);
      const end = out.lastIndexOf(END);
      finish(start !== -1 && end > start ? out.slice(start + START.length, end) : '');
    });
  });
}

function mergePaths(...lists: string[]): string {
  const seen = new Set<string>();
  for (const list of lists) for (const dir of list.split(delimiter)) if (dir && !seen.has(dir)) seen.add(dir);
  return [...seen].join(delimiter);
}

function isExecutable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Finds a program the way a shell would: a path is taken as is, a bare name is searched on PATH. */
export function findExecutable(command: string, pathValue: string): string | undefined {
  if (command.includes('/') || (process.platform === 'win32' && command.includes('\\'))) return isExecutable(command) ? command : undefined;
  const exts = process.platform === 'win32' ? ['', ...(process.env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';')] : [''];
  for (const dir of pathValue.split(delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = join(dir, command + ext);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}
