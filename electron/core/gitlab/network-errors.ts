import { classifyNetworkError } from '../util/network-failure';
import { GitlabError, safeServerText } from './errors';

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
  const after = unknownOutcome
    ? ' The request may have reached GitLab: check the result in GitLab before trying again (a token reset cannot be repeated with the old token).'
    : '';
  const details = { ...base, ...(unknownOutcome ? { outcomeUnknown: true } : {}) };
  switch (kind) {
    case 'dns':
      return new GitlabError('dns', `Cannot resolve ${hostOnly} (DNS: no such host). Check the GitLab URL, your DNS server or VPN.`, details);
    case 'dns-temporary':
      return new GitlabError(
        'dns',
        `The DNS lookup for ${hostOnly} failed (temporary failure). Check your DNS server, network or VPN, then try again.`,
        details,
      );
    case 'refused':
      return new GitlabError(
        'refused',
        `Connection refused by ${ctx.host}: nothing is listening there, or a firewall rejects it. Check the URL's port and that GitLab is running.`,
        details,
      );
    case 'unreachable':
      return new GitlabError(
        'network',
        `No route to ${ctx.host} (${code}). Check the network, VPN or proxy settings (HTTPS_PROXY/NO_PROXY).`,
        details,
      );
    case 'connect-timeout':
      return new GitlabError(
        'timeout',
        `Could not connect to ${ctx.host} in time: a firewall may drop the traffic, or a proxy is needed (HTTPS_PROXY).`,
        details,
      );
    case 'response-timeout':
      return new GitlabError(
        'timeout',
        `GitLab did not answer ${ctx.method} ${ctx.path} within ${Math.round(ctx.timeoutMs / 1000)} s.${after}`,
        details,
      );
    case 'tls-unknown-authority':
      return new GitlabError(
        'tls-unknown-authority',
        `The certificate of ${ctx.host} is signed by an authority this computer does not trust (${code}). Give the CA certificate (PEM) of your GitLab as the CA file.`,
        base,
      );
    case 'tls-hostname':
      return new GitlabError(
        'tls-hostname',
        `The certificate of ${ctx.host} is not valid for the name ${hostOnly}. Use the host name the certificate was issued for.`,
        base,
      );
    case 'tls-expired':
      return new GitlabError('tls-expired', `The certificate of ${ctx.host} has expired. Renew GitLab's certificate.`, base);
    case 'tls':
      return new GitlabError('tls', `TLS with ${ctx.host} failed (${code}). Check that the URL is https and the port serves TLS.`, base);
    case 'reset':
      return new GitlabError(
        'connection-reset',
        `The connection to ${ctx.host} was closed before GitLab answered ${ctx.method} ${ctx.path}: a proxy, load balancer or firewall may have dropped it.${after}`,
        details,
      );
    case 'other': {
      const message = err instanceof Error ? err.message : String(err);
      return new GitlabError(
        'network',
        `Could not reach ${ctx.host} for ${ctx.method} ${ctx.path}: ${safeServerText(message)}${code ? ` (${code})` : ''}.${after}`,
        details,
      );
    }
  }
}
