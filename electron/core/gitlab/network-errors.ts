import { GitlabError, safeServerText } from './errors';

const TLS_UNKNOWN_AUTHORITY = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);
/** Errors raised before a request is written: the server never saw it. */
const BEFORE_SEND = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
  ...TLS_UNKNOWN_AUTHORITY,
]);

function codeOf(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR' && code !== 'ERR_INVALID_ARG_TYPE') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export interface NetworkContext {
  method: string;
  path: string;
  host: string;
  /** True for writes: a failure after sending leaves the outcome unknown. */
  write: boolean;
  timeoutMs: number;
}

/** Maps a connection-level failure (DNS, refused, TLS, reset) to an actionable message. */
export function networkError(err: unknown, ctx: NetworkContext): GitlabError {
  const code = codeOf(err);
  const hostOnly = ctx.host.replace(/:\d+$/, '');
  const base = { method: ctx.method, path: ctx.path };
  const unknownOutcome = ctx.write && (!code || !BEFORE_SEND.has(code));
  const after = unknownOutcome
    ? ' The request may have reached GitLab: check the result in GitLab before trying again (a token reset cannot be repeated with the old token).'
    : '';
  const details = { ...base, ...(unknownOutcome ? { outcomeUnknown: true } : {}) };
  if (code === 'ENOTFOUND')
    return new GitlabError('dns', `Cannot resolve ${hostOnly} (DNS: no such host). Check the GitLab URL, your DNS server or VPN.`, details);
  if (code === 'EAI_AGAIN')
    return new GitlabError(
      'dns',
      `The DNS lookup for ${hostOnly} failed (temporary failure). Check your DNS server, network or VPN, then try again.`,
      details,
    );
  if (code === 'ECONNREFUSED')
    return new GitlabError(
      'refused',
      `Connection refused by ${ctx.host}: nothing is listening there, or a firewall rejects it. Check the URL's port and that GitLab is running.`,
      details,
    );
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
    return new GitlabError(
      'network',
      `No route to ${ctx.host} (${code}). Check the network, VPN or proxy settings (HTTPS_PROXY/NO_PROXY).`,
      details,
    );
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT')
    return new GitlabError(
      'timeout',
      `Could not connect to ${ctx.host} in time: a firewall may drop the traffic, or a proxy is needed (HTTPS_PROXY).`,
      details,
    );
  if (
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'TIMEOUT' ||
    (err as Error | undefined)?.name === 'TimeoutError'
  ) {
    return new GitlabError(
      'timeout',
      `GitLab did not answer ${ctx.method} ${ctx.path} within ${Math.round(ctx.timeoutMs / 1000)} s.${after}`,
      details,
    );
  }
  if (code && TLS_UNKNOWN_AUTHORITY.has(code)) {
    return new GitlabError(
      'tls-unknown-authority',
      `The certificate of ${ctx.host} is signed by an authority this computer does not trust (${code}). Give the CA certificate (PEM) of your GitLab as the CA file.`,
      base,
    );
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return new GitlabError(
      'tls-hostname',
      `The certificate of ${ctx.host} is not valid for the name ${hostOnly}. Use the host name the certificate was issued for.`,
      base,
    );
  if (code === 'CERT_HAS_EXPIRED')
    return new GitlabError('tls-expired', `The certificate of ${ctx.host} has expired. Renew GitLab's certificate.`, base);
  if (code?.startsWith('ERR_SSL') || code?.startsWith('ERR_TLS') || code?.startsWith('CERT_')) {
    return new GitlabError('tls', `TLS with ${ctx.host} failed (${code}). Check that the URL is https and the port serves TLS.`, base);
  }
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE' || code === 'UND_ERR_CLOSED') {
    return new GitlabError(
      'connection-reset',
      `The connection to ${ctx.host} was closed before GitLab answered ${ctx.method} ${ctx.path}: a proxy, load balancer or firewall may have dropped it.${after}`,
      details,
    );
  }
  const message = err instanceof Error ? err.message : String(err);
  return new GitlabError(
    'network',
    `Could not reach ${ctx.host} for ${ctx.method} ${ctx.path}: ${safeServerText(message)}${code ? ` (${code})` : ''}.${after}`,
    details,
  );
}
