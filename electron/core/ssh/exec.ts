import type { ClientChannel } from 'ssh2';
import type { Readable } from 'node:stream';
import { HeadTailLimiter } from '../evidence/head-tail';
import { CancelledError } from '../util/abort';
import type { SshConnection } from './connect';
import { SshError } from './errors';
import { msg, type Message } from '../../../shared/messages';

/**
 * Runs one script on the host through `sh -s` (the script goes on stdin, so the login shell
 * never parses it: fish or csh users are fine) with a deadline, an output limit and cancel.
 * The script must not read stdin. On timeout or cancel the remote process group gets SIGKILL.
 * A dropped connection ends the wait with an error naming the command, never a hang.
 */

export interface ExecOptions {
  /** What the user sees in messages, e.g. "gitlab-runner --version" (a message id where it is prose). */
  label: string | Message;
  timeoutMs: number;
  /** stdout above this keeps its head and tail, with a marker line between. */
  maxBytes: number;
  signal?: AbortSignal;
}

export interface ExecResult {
  code: number | null;
  signal?: string;
  stdout: Buffer;
  stderr: Buffer;
  truncated: boolean;
}

const STDERR_LIMIT = 64 * 1024;

function collect(input: Readable, limit: number): { done: Promise<Buffer>; limiter: HeadTailLimiter } {
  const limiter = new HeadTailLimiter(limit);
  const chunks: Buffer[] = [];
  limiter.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => {
    limiter.on('end', () => resolve(Buffer.concat(chunks)));
    limiter.on('error', () => resolve(Buffer.concat(chunks)));
  });
  input.pipe(limiter);
  return { done, limiter };
}

/** How the connection was lost, as a message where it has one (a library's own sentence otherwise). */
function lostText(lost: SshError): string | Message {
  return lost.text ?? lost.message;
}

export function runScript(conn: SshConnection, script: string, opts: ExecOptions): Promise<ExecResult> {
  const where = conn.where;
  const label = opts.label;
  return new Promise<ExecResult>((resolve, reject) => {
    if (opts.signal?.aborted) return reject(new CancelledError());
    if (conn.lost) return reject(new SshError('dropped', msg('ssh.exec.lostBefore', { lost: lostText(conn.lost), label })));
    let channel: ClientChannel | undefined;
    let finished = false;
    const finish = (err: Error | undefined, result?: ExecResult) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      unsubscribe();
      opts.signal?.removeEventListener('abort', onAbort);
      if (err) {
        // Ask the remote side to stop, then drop the channel; both are best effort.
        try {
          channel?.signal('KILL');
          channel?.close();
        } catch {
          /* the connection may already be gone */
        }
        reject(err);
      } else resolve(result as ExecResult);
    };
    const timer = setTimeout(
      () => finish(new SshError('timeout', msg('ssh.exec.timeout', { label, where, seconds: Math.round(opts.timeoutMs / 1000) }))),
      opts.timeoutMs,
    );
    const onAbort = () => finish(new CancelledError());
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const unsubscribe = conn.onLost((lost) =>
      finish(new SshError('dropped', msg('ssh.exec.lostWhile', { lost: lostText(lost), label }))),
    );
    conn.client.exec('sh -s', (err, stream) => {
      if (err) return finish(new SshError('exec', msg('ssh.exec.cannotStart', { label, where, reason: err.message })));
      if (finished) {
        stream.close();
        return;
      }
      channel = stream;
      let code: number | null = null;
      let sig: string | undefined;
      const out = collect(stream, opts.maxBytes);
      const errOut = collect(stream.stderr, STDERR_LIMIT);
      stream.on('exit', (c: number | null, s?: string) => {
        code = c;
        sig = s ?? undefined;
      });
      stream.on('close', () => {
        // A channel closed by a lost connection is reported through onLost instead.
        setImmediate(() => {
          if (conn.lost) return;
          void Promise.all([out.done, errOut.done]).then(([stdout, stderr]) =>
            finish(undefined, { code, ...(sig ? { signal: sig } : {}), stdout, stderr, truncated: out.limiter.truncated }),
          );
        });
      });
      // stdin stays open: ssh2 sends a signal only on a writable channel, and `exit` ends sh.
      stream.write(`${script}\nexit $?\n`);
    });
  });
}
