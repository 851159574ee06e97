import type { Message } from '../messages';

/** Every invoke answers with this envelope instead of throwing across the process boundary. */
export const ERROR_CODES = [
  'invalid-input',
  'forbidden-sender',
  'unknown-channel',
  'not-found',
  'cancelled',
  'unreachable',
  'unauthorized',
  /** Authenticated, but the token or user may not do this (missing scope, role or RBAC verb). */
  'forbidden',
  'timeout',
  /** The server's certificate is signed by a CA we do not trust: give the CA file. */
  'tls-unknown-authority',
  /** Any other TLS failure (expired certificate, wrong host name…). */
  'tls',
  /** The server answered with an error of its own (5xx, rate limit, unexpected answer). */
  'server-error',
  'conflict',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface IpcError {
  code: ErrorCode;
  /** In English. */
  message: string;
  /** The same as a message id and parameters, where it has one: the renderer words it in its language. */
  text?: Message;
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export function ok<T>(value: T): Envelope<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string, text?: Message): Envelope<never> {
  return { ok: false, error: { code, message, ...(text ? { text } : {}) } };
}
