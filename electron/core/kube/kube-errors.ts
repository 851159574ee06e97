/** A Kubernetes API answer other than 2xx, with the Status body's reason and message. */
export class KubeApiError extends Error {
  override name = 'KubeApiError';
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}

/** Builds a KubeApiError from a response body (a Status object, or whatever a proxy sent). */
export function apiErrorFrom(status: number, text: string, path: string): KubeApiError {
  let reason = '';
  let message = text.trim().slice(0, 300);
  try {
    const body = JSON.parse(text) as { kind?: string; reason?: string; message?: string };
    if (body.kind === 'Status' || body.message) {
      reason = body.reason ?? '';
      message = body.message ?? message;
    }
  } catch {
    // Not JSON: a load balancer or proxy page; keep the start of the text.
  }
  const hint = status === 401 ? ' (the cluster rejected the credentials: the token may have expired; log in again)' : '';
  return new KubeApiError(status, reason, `HTTP ${status}${message ? `: ${message}` : ''}${hint}`, path);
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_HEADERS_TIMEOUT: 'the server did not answer in time',
  UND_ERR_BODY_TIMEOUT: 'the server stopped sending',
  CERT_HAS_EXPIRED: 'the server certificate has expired',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the server certificate is signed by an unknown authority',
  SELF_SIGNED_CERT_IN_CHAIN: 'the server certificate is signed by an unknown authority',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server certificate is self-signed and not trusted',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the server certificate does not match its address',
};

function causeChain(err: unknown): { code?: string; message?: string }[] {
  const out: { code?: string; message?: string }[] = [];
  let cur: unknown = err;
  for (let i = 0; i < 5 && cur && typeof cur === 'object'; i++) {
    out.push(cur as { code?: string; message?: string });
    cur = (cur as { cause?: unknown }).cause;
  }
  return out;
}

/** One-line message for a Kubernetes API failure a user can act on. */
export function kubeErrorMessage(err: unknown): string {
  if (err instanceof KubeApiError) return err.message;
  if (isApiException(err)) {
    const body: unknown = typeof err.body === 'string' ? safeJson(err.body) : err.body;
    const message = body && typeof body === 'object' && 'message' in body ? String((body as { message: unknown }).message) : '';
    return `HTTP ${err.code}${message ? `: ${message}` : ''}`;
  }
  if (err instanceof Error) {
    if (err.name === 'TimeoutError') return 'timed out';
    for (const c of causeChain(err)) {
      const known = c.code ? NETWORK_CODES[c.code] : undefined;
      if (known) return `${known}${c.message && !c.message.startsWith(known) ? ` (${c.message})` : ''}`;
    }
    const cause = (err as Error & { cause?: { message?: string } }).cause;
    return cause?.message && cause.message !== err.message ? `${err.message}: ${cause.message}` : err.message;
  }
  return String(err);
}

/**
 * @kubernetes/client-node's ApiException (code, body), recognised by shape so this module does
 * not load that library.
 */
function isApiException(err: unknown): err is Error & { code: number; body: unknown } {
  return err instanceof Error && err.name !== 'KubeApiError' && typeof (err as { code?: unknown }).code === 'number' && 'body' in err;
}

function statusOf(err: unknown): number | undefined {
  if (err instanceof KubeApiError) return err.status;
  return isApiException(err) ? err.code : undefined;
}

export function isForbidden(err: unknown): boolean {
  return statusOf(err) === 403;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
