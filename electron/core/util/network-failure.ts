import { errorText, msg, type Message, type MessageParam } from '../../../shared/messages';
import { formatError } from '../../../shared/i18n/text';
import { errorMessage } from './abort';

/**
 * The one classifier of system failures by their code: connection-level ones (DNS, refused,
 * timeouts, resets, TLS) for every source — GitLab, Kubernetes, SSH and the app's error codes,
 * each wording the kind for its users on top of it — and file-system ones (a file not found,
 * not readable…), worded here for any error that reaches a user without words of its own.
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

/** File-system failures, by what the user can do about them. */
const FILE_FAILURE_KINDS = ['not-found', 'access-denied', 'not-permitted', 'is-folder', 'not-folder', 'link-loop', 'io', 'too-many-open', 'name-too-long', 'no-space', 'read-only'] as const;
export type FileFailureKind = (typeof FILE_FAILURE_KINDS)[number];

export type SystemFailureKind = NetworkFailureKind | FileFailureKind;

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

/** A system failure of any kind, with what it was about where the error says (a path, a host, an address). */
export interface SystemFailure extends Omit<NetworkFailure, 'kind'> {
  kind: SystemFailureKind;
  target?: string;
}

const BY_CODE: Record<string, SystemFailureKind> = {
  ENOENT: 'not-found',
  EACCES: 'access-denied',
  EPERM: 'not-permitted',
  EISDIR: 'is-folder',
  ENOTDIR: 'not-folder',
  ELOOP: 'link-loop',
  EIO: 'io',
  EMFILE: 'too-many-open',
  ENFILE: 'too-many-open',
  ENAMETOOLONG: 'name-too-long',
  ENOSPC: 'no-space',
  EDQUOT: 'no-space',
  EROFS: 'read-only',
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

const FILE_KINDS = new Set<SystemFailureKind>(FILE_FAILURE_KINDS);

function isNetworkKind(kind: SystemFailureKind): kind is NetworkFailureKind {
  return !FILE_KINDS.has(kind);
}

/** Kinds raised before anything was sent (a write that failed this way did not happen). */
const BEFORE_SEND = new Set<SystemFailureKind>(['dns', 'dns-temporary', 'refused', 'unreachable', 'tls-unknown-authority', 'tls-hostname', 'tls-expired']);

function kindOfCode(code: string): SystemFailureKind | undefined {
  const known = BY_CODE[code];
  if (known) return known;
  if (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || code.startsWith('CERT_')) return 'tls';
  return undefined;
}

/** What a Node system error was about: the path (and destination), the host name, or the address and port. */
function targetOf(e: { path?: unknown; dest?: unknown; hostname?: unknown; address?: unknown; port?: unknown }): string | undefined {
  if (typeof e.path === 'string') return typeof e.dest === 'string' ? `${e.path} → ${e.dest}` : e.path;
  if (typeof e.hostname === 'string') return e.hostname;
  if (typeof e.address === 'string') return typeof e.port === 'number' ? `${e.address}:${e.port}` : e.address;
  return undefined;
}

/** Walks the error and its causes; the first code of a kind `wanted` takes decides. */
function classify(err: unknown, wanted: (kind: SystemFailureKind) => boolean): SystemFailure {
  let first: { code: string; message?: string } | undefined;
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    const text = typeof message === 'string' ? message : undefined;
    if (typeof code === 'string') {
      const kind = kindOfCode(code);
      if (kind && wanted(kind)) {
        const connectTimeout = kind === 'connect-timeout' && code === 'UND_ERR_CONNECT_TIMEOUT';
        const target = targetOf(e as Parameters<typeof targetOf>[0]);
        return { kind, code, beforeSend: BEFORE_SEND.has(kind) || connectTimeout, ...(text ? { message: text } : {}), ...(target ? { target } : {}) };
      }
      if (!first && code !== 'UND_ERR' && code !== 'ERR_INVALID_ARG_TYPE') first = { code, ...(text ? { message: text } : {}) };
    }
    e = (e as { cause?: unknown }).cause;
  }
  if ((err as Error | undefined)?.name === 'TimeoutError') return { kind: 'response-timeout', beforeSend: false };
  return { kind: 'other', beforeSend: false, ...(first ? { code: first.code } : {}), ...(first?.message ? { message: first.message } : {}) };
}

/** Walks the error and its causes; the first connection-level code it knows decides. */
export function classifyNetworkError(err: unknown): NetworkFailure {
  const { target: _target, ...failure } = classify(err, isNetworkKind);
  return failure as NetworkFailure;
}

/**
 * A failure of the user's machine rather than of Runner Doctor: a file-system code (a path that
 * is not there, a full or read-only disk…), or output piped to a command that stopped reading
 * (`| head`). The CLI words it and exits 2 instead of reporting an internal error.
 */
export function isMachineFailure(err: unknown): boolean {
  const failure = classifySystemError(err);
  return FILE_KINDS.has(failure.kind) || failure.code === 'EPIPE';
}

/** Any system failure by its code: a file's as well as a connection's. */
export function classifySystemError(err: unknown): SystemFailure {
  return classify(err, () => true);
}

/**
 * A system error in words, as a message (`errors` catalog: "no such file or folder: /path"),
 * for an error that reaches a user without words of its own; undefined when its code is not
 * one of those known. The system's own sentence stays the error's English.
 */
export function systemErrorText(err: unknown): Message | undefined {
  const failure = classifySystemError(err);
  if (failure.kind === 'other' || !failure.code) return undefined;
  const phrase = systemPhrase(failure);
  return failure.target ? msg('system.at', { phrase, target: failure.target }) : phrase;
}

/** Only the kind in words, without what it was about ("permission denied"), for a sentence that names it already. */
export function systemPhrase(failure: Pick<SystemFailure, 'kind' | 'code'>): Message {
  return msg(`system.${failure.kind}`, { code: failure.code });
}

/** Why, for a sentence that names what failed already: the code in words ("permission denied"), else the error's own message quoted. */
export function systemReason(err: unknown): Message {
  const failure = classifySystemError(err);
  return failure.kind !== 'other' && failure.code ? systemPhrase(failure) : msg('quoted', { text: errorMessage(err) });
}

/**
 * A message that quotes why something failed as its `reason`: the code in words for every
 * language (systemReason), and its English with the error's own sentence kept, for support.
 */
export function reasonMessage(key: string, params: Record<string, MessageParam>, err: unknown): { text: Message; english: string } {
  return { text: msg(key, { ...params, reason: systemReason(err) }), english: formatError(msg(key, { ...params, reason: errorMessage(err) })) };
}

/** An error's text for a user: its own message id, else its system code in words; undefined for an error of neither. */
export function failureText(err: unknown): Message | undefined {
  return errorText(err) ?? systemErrorText(err);
}

/** failureText, else the error's own sentence quoted: always something to show. */
export function failureTextOrQuoted(err: unknown): Message {
  return failureText(err) ?? msg('quoted', { text: errorMessage(err) });
}
