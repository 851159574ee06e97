import { classifyNetworkError } from '../util/network-failure';

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

/** SSH's wording of ssh2 / socket errors (the kind comes from the shared classifier): a sentence naming the host and what to check. */
export function describeConnectError(err: Error & { level?: string; code?: string }, where: string): SshError {
  const { kind } = classifyNetworkError(err);
  if (kind === 'refused') return new SshError('connect', `Connection to ${where} refused: is sshd running and is the port right?`);
  if (kind === 'dns' || kind === 'dns-temporary') return new SshError('connect', `Cannot resolve ${where}: check the host name and DNS`);
  if (kind === 'unreachable') return new SshError('connect', `No route to ${where}: check the network, VPN or jump host`);
  if (kind === 'connect-timeout') return new SshError('timeout', `Connecting to ${where} timed out`);
  if (kind === 'reset') return new SshError('dropped', `Connection to ${where} was reset`);
  if (err.level === 'client-authentication') {
    return new SshError('auth', `Authentication to ${where} failed: ${err.message}`);
  }
  if (err.message === 'Keepalive timeout') {
    return new SshError('dropped', `Connection to ${where} stopped answering (no reply to keepalives)`);
  }
  return new SshError('connect', `SSH connection to ${where} failed: ${err.message}`);
}
