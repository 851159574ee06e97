import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { describeExec, type ExecPlugin } from './exec-credential';

/**
 * A kubeconfig exec plugin runs a program with the user's rights. A kubeconfig can come from
 * anywhere (a colleague, a download), so runner-doctor runs a plugin only after the user has
 * seen the exact command and said yes once; the yes is remembered for that kubeconfig file,
 * user entry and command line, and a changed command asks again.
 */
export interface ExecApprovalRequest {
  kubeconfig: string;
  context: string;
  user: string;
  plugin: ExecPlugin;
  /** The command line as shown to the user. */
  commandLine: string;
}

export type ExecApprover = (request: ExecApprovalRequest) => Promise<boolean>;

export interface ExecApprovalStore {
  isApproved(request: ExecApprovalRequest): Promise<boolean>;
  approve(request: ExecApprovalRequest): Promise<void>;
}

export class ExecApprovalRequiredError extends Error {
  override name = 'ExecApprovalRequiredError';
  constructor(readonly request: ExecApprovalRequest) {
    super(
      `Context "${request.context}" gets its credentials by running: ${request.commandLine} (user "${request.user}" in ${request.kubeconfig}). ` +
        'runner-doctor runs such a command only after you approve it once: answer the prompt in a terminal, or approve it in the app.',
    );
  }
}

/**
 * The one gate before a kubeconfig's exec plugin may run: approved before, or approved now by
 * the user; otherwise ExecApprovalRequiredError and nothing runs.
 */
export async function ensureExecApproved(
  request: ExecApprovalRequest,
  opts: { approvals?: ExecApprovalStore; approve?: ExecApprover },
): Promise<void> {
  const approvals = opts.approvals ?? fileApprovalStore();
  if (await approvals.isApproved(request)) return;
  if (!opts.approve || !(await opts.approve(request))) throw new ExecApprovalRequiredError(request);
  await approvals.approve(request);
}

export function approvalKey(request: Pick<ExecApprovalRequest, 'kubeconfig' | 'user' | 'plugin'>): string {
  const { plugin } = request;
  return createHash('sha256')
    .update(JSON.stringify([resolve(request.kubeconfig), request.user, plugin.command, plugin.args, plugin.env]))
    .digest('hex');
}

/** Where approvals are kept: the platform's per-user config folder. */
export function defaultApprovalsPath(): string {
  const base =
    process.env.RUNNER_DOCTOR_CONFIG_DIR ??
    (process.platform === 'win32'
      ? join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'runner-doctor')
      : process.platform === 'darwin'
        ? join(homedir(), 'Library', 'Application Support', 'runner-doctor')
        : join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'runner-doctor'));
  return join(base, 'exec-approvals.json');
}

interface ApprovalFile {
  approved: { key: string; kubeconfig: string; user: string; command: string; approvedAt: string }[];
}

/** Approvals in a JSON file (0600, replaced atomically). */
export function fileApprovalStore(path = defaultApprovalsPath()): ExecApprovalStore {
  const read = async (): Promise<ApprovalFile> => {
    try {
      const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<ApprovalFile>;
      return { approved: Array.isArray(parsed.approved) ? parsed.approved : [] };
    } catch {
      return { approved: [] };
    }
  };
  return {
    async isApproved(request) {
      const key = approvalKey(request);
      return (await read()).approved.some((a) => a.key === key);
    },
    async approve(request) {
      const file = await read();
      const key = approvalKey(request);
      if (file.approved.some((a) => a.key === key)) return;
      file.approved.push({
        key,
        kubeconfig: resolve(request.kubeconfig),
        user: request.user,
        command: request.commandLine,
        approvedAt: new Date().toISOString(),
      });
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      const tmp = `${path}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(file, null, 2) + '\n', { mode: 0o600 });
      await rename(tmp, path);
    },
  };
}

/** Approvals kept in memory only (tests, one-off runs). */
export function memoryApprovalStore(): ExecApprovalStore {
  const keys = new Set<string>();
  return {
    isApproved: async (r) => keys.has(approvalKey(r)),
    approve: async (r) => void keys.add(approvalKey(r)),
  };
}

/** Asks on a terminal, one question at a time (several contexts may ask at once). */
export function ttyExecApprover(
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stderr,
): ExecApprover {
  let queue: Promise<unknown> = Promise.resolve();
  return (request) => {
    const ask = async () => {
      const rl = createInterface({ input, output, terminal: false });
      try {
        output.write(
          `\nContext "${request.context}" (${request.kubeconfig}, user "${request.user}") gets its credentials by running:\n\n    ${request.commandLine}\n\n`,
        );
        const answer = await rl.question('Run this command now and in future runs? [y/N] ');
        return /^y(es)?$/i.test(answer.trim());
      } finally {
        rl.close();
      }
    };
    const result = queue.then(ask, ask);
    queue = result.catch(() => undefined);
    return result;
  };
}

export { describeExec };
