import { classifyNetworkError } from '../util/network-failure';
import { GitlabError, safeServerText } from './errors';
import { msg } from '../../../shared/messages';

export interface NetworkContext {
  method: string;
  path: string;
  host: string;
  /** True for writes: a failure after sending leaves the outcome unknown. */
  write: boolean;
  timeoutMs: number;
}

/** GitLab's wording of a connection-level failure (DNS, refused, TLS, reset): an actionable message. */
export function networkError(err: unknown, ctx: NetworkContext): GitlabError {
  const { kind, code, beforeSend } = classifyNetworkError(err);
  const hostOnly = ctx.host.replace(/:\d+$/, '');
  const base = { method: ctx.method, path: ctx.path };
  const unknownOutcome = ctx.write && !beforeSend;
  const after = unknownOutcome ? msg('gitlab.outcomeUnknown') : '';
  const details = { ...base, ...(unknownOutcome ? { outcomeUnknown: true } : {}) };
  const host = ctx.host;
  const { method, path } = ctx;
  switch (kind) {
    case 'dns':
      return new GitlabError('dns', msg('gitlab.net.dns', { host: hostOnly }), details);
    case 'dns-temporary':
      return new GitlabError('dns', msg('gitlab.net.dnsTemporary', { host: hostOnly }), details);
    case 'refused':
      return new GitlabError('refused', msg('gitlab.net.refused', { host }), details);
    case 'unreachable':
      return new GitlabError('network', msg('gitlab.net.unreachable', { host, code: String(code) }), details);
    case 'connect-timeout':
      return new GitlabError('timeout', msg('gitlab.net.connectTimeout', { host }), details);
    case 'response-timeout':
      return new GitlabError('timeout', msg('gitlab.net.responseTimeout', { method, path, seconds: Math.round(ctx.timeoutMs / 1000), after }), details);
    case 'tls-unknown-authority':
      return new GitlabError('tls-unknown-authority', msg('gitlab.net.tlsUnknownAuthority', { host, code: String(code) }), base);
    case 'tls-hostname':
      return new GitlabError('tls-hostname', msg('gitlab.net.tlsHostname', { host, name: hostOnly }), base);
    case 'tls-expired':
      return new GitlabError('tls-expired', msg('gitlab.net.tlsExpired', { host }), base);
    case 'tls':
      return new GitlabError('tls', msg('gitlab.net.tls', { host, code: String(code) }), base);
    case 'reset':
      return new GitlabError('connection-reset', msg('gitlab.net.reset', { host, method, path, after }), details);
    case 'other': {
      const message = err instanceof Error ? err.message : String(err);
      const reason = `${safeServerText(message)}${code ? ` (${code})` : ''}`;
      return new GitlabError('network', msg('gitlab.net.other', { host, method, path, reason, after }), details);
    }
  }
}
