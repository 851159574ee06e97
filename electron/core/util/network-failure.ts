/**
 * The one classifier of connection-level failures (DNS, refused, timeouts, resets, TLS) for
 * every source: GitLab, Kubernetes, SSH and the app's error codes. Each source words the kind
 * for its users on top of it.
 */

export type NetworkFailureKind =
  | 'dns'
  | 'dns-temporary'
  | 'refused'
  | 'unreachable'
  | 'connect-timeout'
  | 'response-timeout'
  | 'reset'
  | 'tls-unknown-authority'
  | 'tls-hostname'
  | 'tls-expired'
  | 'tls'
  | 'other';

export interface NetworkFailure {
  kind: NetworkFailureKind;
  /** The system or library code that decided the kind (ECONNREFUSED, CERT_HAS_EXPIRED…). */
  code?: string;
  /** The failure happened before a request was written: the server never saw it. */
  beforeSend: boolean;
  /** The message of the error that carried the code. */
  message?: string;
}

export const TLS_UNKNOWN_AUTHORITY = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);

const BY_CODE: Record<string, NetworkFailureKind> = {
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns-temporary',
  ECONNREFUSED: 'refused',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'connect-timeout',
  ETIMEDOUT: 'connect-timeout',
  UND_ERR_HEADERS_TIMEOUT: 'response-timeout',
  UND_ERR_BODY_TIMEOUT: 'response-timeout',
  TIMEOUT: 'response-timeout',
  ERR_TLS_CERT_ALTNAME_INVALID: 'tls-hostname',
  CERT_HAS_EXPIRED: 'tls-expired',
  ECONNRESET: 'reset',
  UND_ERR_SOCKET: 'reset',
  UND_ERR_CLOSED: 'reset',
  EPIPE: 'reset',
  ...Object.fromEntries([...TLS_UNKNOWN_AUTHORITY].map((c) => [c, 'tls-unknown-authority' as const])),
};

/** Kinds raised before anything was sent (a write that failed this way did not happen). */
const BEFORE_SEND = new Set<NetworkFailureKind>(['dns', 'dns-temporary', 'refused', 'unreachable', 'tls-unknown-authority', 'tls-hostname', 'tls-expired']);

function kindOfCode(code: string): NetworkFailureKind | undefined {
  const known = BY_CODE[code];
  if (known) return known;
  if (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || code.startsWith('CERT_')) return 'tls';
  return undefined;
}

/** Walks the error and its causes; the first code it knows decides. */
export function classifyNetworkError(err: unknown): NetworkFailure {
  let first: { code: string; message?: string } | undefined;
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    const text = typeof message === 'string' ? message : undefined;
    if (typeof code === 'string') {
      const kind = kindOfCode(code);
      if (kind) {
        const connectTimeout = kind === 'connect-timeout' && code === 'UND_ERR_CONNECT_TIMEOUT';
        return { kind, code, beforeSend: BEFORE_SEND.has(kind) || connectTimeout, ...(text ? { message: text } : {}) };
      }
      if (!first && code !== 'UND_ERR' && code !== 'ERR_INVALID_ARG_TYPE') first = { code, ...(text ? { message: text } : {}) };
    }
    e = (e as { cause?: unknown }).cause;
  }
  if ((err as Error | undefined)?.name === 'TimeoutError') return { kind: 'response-timeout', beforeSend: false };
  return { kind: 'other', beforeSend: false, ...(first ? { code: first.code } : {}), ...(first?.message ? { message: first.message } : {}) };
}
