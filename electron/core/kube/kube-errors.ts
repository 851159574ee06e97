import { classifyNetworkError, type NetworkFailure } from '../util/network-failure';

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

/** The Kubernetes side's words for a connection-level failure (the kind comes from the shared classifier). */
function networkPhrase(f: NetworkFailure): string | undefined {
  switch (f.kind) {
    case 'dns':
      return 'host not found';
    case 'dns-temporary':
      return 'DNS lookup failed';
    case 'refused':
      return 'connection refused';
    case 'unreachable':
      return 'host unreachable';
    case 'connect-timeout':
      return 'connection timed out';
    case 'response-timeout':
      return f.code === 'UND_ERR_BODY_TIMEOUT' ? 'the server stopped sending' : f.code ? 'the server did not answer in time' : undefined;
    case 'reset':
      return f.code === 'UND_ERR_SOCKET' || f.code === 'UND_ERR_CLOSED' ? 'connection closed by the server' : 'connection reset';
    case 'tls-expired':
      return 'the server certificate has expired';
    case 'tls-unknown-authority':
      return f.code === 'DEPTH_ZERO_SELF_SIGNED_CERT' ? 'the server certificate is self-signed and not trusted' : 'the server certificate is signed by an unknown authority';
    case 'tls-hostname':
      return 'the server certificate does not match its address';
    default:
      return undefined;
  }
}

/** One-line message for a Kubernetes API failure a user can act on. */
export function kubeErrorMessage(err: unknown): string {
  if (err instanceof KubeApiError) return err.message;
  if (err instanceof Error) {
    if (err.name === 'TimeoutError') return 'timed out';
    const failure = classifyNetworkError(err);
    const known = networkPhrase(failure);
    if (known) return `${known}${failure.message && !failure.message.startsWith(known) ? ` (${failure.message})` : ''}`;
    const cause = (err as Error & { cause?: { message?: string } }).cause;
    return cause?.message && cause.message !== err.message ? `${err.message}: ${cause.message}` : err.message;
  }
  return String(err);
}

export function isForbidden(err: unknown): boolean {
  return err instanceof KubeApiError && err.status === 403;
}
