import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export const CLI = resolve(__dirname, '../../out/cli/runner-doctor.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would, with a hard timeout so a hang fails the test. */
export function runCli(
  args: string[],
  opts: {
    input?: string;
    env?: NodeJS.ProcessEnv;
    cwd?: string;
    timeoutMs?: number;
    /** Run as this user (the tests may run as root). */
    user?: { uid: number; gid: number };
    /** A command that runs Node in turn, e.g. `['chrt', '--idle', '0']`. */
    launcher?: string[];
    /** Runs once the command has started, while it runs; the result waits for it too. */
    whileRunning?: (pid: number) => Promise<void>;
  } = {},
): Promise<CliResult> {
  return new Promise((resolveRun, reject) => {
    const [command, ...commandArgs] = [...(opts.launcher ?? []), process.execPath, CLI, ...args];
    const child = spawn(command!, commandArgs, {
      cwd: opts.cwd ?? process.cwd(),
      env: { ...process.env, NO_COLOR: '1', ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(opts.user ?? {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`runner-doctor ${args.join(' ')} did not finish in ${opts.timeoutMs ?? 60_000} ms\n${stderr}`));
    }, opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    const running = opts.whileRunning?.(child.pid!);
    running?.catch(reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      void Promise.resolve(running).then(() => resolveRun({ code, stdout, stderr }), reject);
    });
    child.stdin.end(opts.input ?? '');
  });
}
