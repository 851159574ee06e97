import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/**
 * Child processes for test hosts. Every child is waited for on stop: this machine's PID 1
 * does not reap orphans, so a process we start and forget stays a zombie.
 */

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function run(cmd: string, args: string[], opts: SpawnOptions & { input?: string } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...opts, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    // A child that exits without reading its input makes this write fail with EPIPE.
    child.stdin?.on('error', () => {});
    child.stdin?.end(opts.input ?? '');
  });
}

/** Like `run`, but a non-zero exit is an error carrying stderr. */
export async function runOk(cmd: string, args: string[], opts: SpawnOptions & { input?: string } = {}): Promise<string> {
  const r = await run(cmd, args, opts);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.code}: ${r.stderr.trim() || r.stdout.trim()}`);
  return r.stdout;
}

export interface Daemon {
  child: ChildProcess;
  /** All stderr so far, for readiness checks and failure messages. */
  log(): string;
  exited: Promise<number | null>;
  /** SIGKILL and wait for the exit, so nothing is left behind. */
  stop(): Promise<void>;
}

export function startDaemon(cmd: string, args: string[], opts: SpawnOptions = {}): Daemon {
  const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<number | null>((resolve) => {
    child.on('error', (err) => {
      log += `\nspawn error: ${err.message}`;
      resolve(null);
    });
    child.on('close', (code) => resolve(code));
  });
  return {
    child,
    log: () => log,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Polls `check` until it is true; fails with `what` and the daemon's log. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, daemon?: Daemon, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    if (daemon && (daemon.child.exitCode !== null || daemon.child.signalCode !== null)) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Timed out waiting for ${what}${daemon ? `\n--- log ---\n${daemon.log()}` : ''}`);
}
