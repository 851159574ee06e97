/** What went wrong with an SSH host, in words a user can act on; `code` lets callers branch. */
export type SshErrorCode = 'unsupported' | 'connect' | 'timeout' | 'host-key' | 'auth' | 'dropped' | 'exec';

export class SshError extends Error {
  override name = 'SshError';
  constructor(
    readonly code: SshErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Turns ssh2 / socket errors into a sentence naming the host and what to check. */
export function describeConnectError(err: Error & { level?: string; code?: string }, where: string): SshError {
  const code = err.code ?? '';
  if (code === 'ECONNREFUSED') return new SshError('connect', `Connection to ${where} refused: is sshd running and is the port right?`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new SshError('connect', `Cannot resolve ${where}: check the host name and DNS`);
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
    return new SshError('connect', `No route to ${where}: check the network, VPN or jump host`);
  if (code === 'ETIMEDOUT') return new SshError('timeout', `Connecting to ${where} timed out`);
  if (code === 'ECONNRESET' || code === 'EPIPE') return new SshError('dropped', `Connection to ${where} was reset`);
  if (err.level === 'client-authentication') {
    return new SshError('auth', `Authentication to ${where} failed: ${err.message}`);
  }
  if (err.message === 'Keepalive timeout') {
    return new SshError('dropped', `Connection to ${where} stopped answering (no reply to keepalives)`);
  }
  return new SshError('connect', `SSH connection to ${where} failed: ${err.message}`);
}
