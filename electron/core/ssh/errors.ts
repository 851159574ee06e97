import { classifyNetworkError } from '../util/network-failure';
import { WordedError } from '../../../shared/i18n/text';
import { msg, type Message } from '../../../shared/messages';

/** What went wrong with an SSH host, in words a user can act on; `code` lets callers branch. */
export type SshErrorCode = 'unsupported' | 'connect' | 'timeout' | 'host-key' | 'auth' | 'dropped' | 'exec';

export class SshError extends WordedError {
  override name = 'SshError';
  constructor(
    readonly code: SshErrorCode,
    message: string | Message,
  ) {
    super(message);
  }
}

/** SSH's wording of ssh2 / socket errors (the kind comes from the shared classifier): a sentence naming the host and what to check. */
export function describeConnectError(err: Error & { level?: string; code?: string }, where: string): SshError {
  const { kind } = classifyNetworkError(err);
  if (kind === 'refused') return new SshError('connect', msg('ssh.refused', { where }));
  if (kind === 'dns' || kind === 'dns-temporary') return new SshError('connect', msg('ssh.dns', { where }));
  if (kind === 'unreachable') return new SshError('connect', msg('ssh.unreachable', { where }));
  if (kind === 'connect-timeout') return new SshError('timeout', msg('ssh.connectTimeout', { where }));
  if (kind === 'reset') return new SshError('dropped', msg('ssh.reset', { where }));
  if (err.level === 'client-authentication') {
    return new SshError('auth', msg('ssh.authFailedBecause', { where, reason: err.message }));
  }
  if (err.message === 'Keepalive timeout') {
    return new SshError('dropped', msg('ssh.keepalive', { where }));
  }
  return new SshError('connect', msg('ssh.failed', { where, reason: err.message }));
}
