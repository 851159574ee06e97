/** Every invoke answers with this envelope instead of throwing across the process boundary. */
export const ERROR_CODES = [
  'invalid-input',
  'forbidden-sender',
  'unknown-channel',
  'not-found',
  'cancelled',
  'unreachable',
  'unauthorized',
  'conflict',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface IpcError {
  code: ErrorCode;
  message: string;
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export function ok<T>(value: T): Envelope<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string): Envelope<never> {
  return { ok: false, error: { code, message } };
}
