import type { GitlabClient, GitlabResponse } from './client';
import { GitlabError } from './errors';
import { formatError } from '../../../shared/i18n/text';
import { msg, type Message } from '../../../shared/messages';

export interface GitlabVersion {
  version: string;
  revision: string;
  enterprise?: boolean;
}

export interface TokenSelf {
  id: number;
  name: string;
  scopes: string[];
  active: boolean;
  revoked?: boolean;
  expires_at: string | null;
  created_at?: string;
  last_used_at?: string | null;
  user_id?: number;
}

export interface CurrentUser {
  id: number;
  username: string;
  name?: string;
  state?: string;
  /** Only present when the token's user is an administrator. */
  is_admin?: boolean;
}

/** Fields of /personal_access_tokens/self worth keeping (it holds no secret, but keep it small). */
export const TOKEN_SELF_FIELDS = [
  'id',
  'name',
  'scopes',
  'active',
  'revoked',
  'expires_at',
  'created_at',
  'last_used_at',
  'user_id',
] as const;

export const USER_FIELDS = ['id', 'username', 'name', 'state', 'is_admin', 'bot'] as const;

export function getVersion(client: GitlabClient, signal?: AbortSignal): Promise<GitlabResponse<GitlabVersion>> {
  return client.get<GitlabVersion>('/version', { ...(signal ? { signal } : {}), needs: { scopes: ['read_api', 'api', 'read_user'] } });
}

/**
 * The token's own record: scopes and expiry. Learns the scopes into the client for sharper
 * 403 messages. Undefined when the instance has no such endpoint or the token is not a PAT.
 */
export async function getTokenSelf(client: GitlabClient, signal?: AbortSignal): Promise<GitlabResponse<TokenSelf> | undefined> {
  try {
    const res = await client.get<TokenSelf>('/personal_access_tokens/self', signal ? { signal } : {});
    if (Array.isArray(res.body?.scopes)) client.tokenScopes = res.body.scopes;
    return res;
  } catch (err) {
    if (err instanceof GitlabError && err.code === 'not-found') return undefined;
    throw err;
  }
}

export function getCurrentUser(client: GitlabClient, signal?: AbortSignal): Promise<GitlabResponse<CurrentUser>> {
  return client.get<CurrentUser>('/user', { ...(signal ? { signal } : {}), needs: { scopes: ['read_user', 'read_api', 'api'] } });
}

export interface TokenExpiry {
  expiresAt: string | null;
  /** Whole days left; negative once expired; null for a token that never expires. */
  daysLeft: number | null;
  expired: boolean;
  expiringSoon: boolean;
  /** A sentence for the user when the token expires soon or has expired. */
  warning?: string;
  /** The same sentence as a message id, for a reader in another language. */
  warningText?: Message;
}

/** GitLab access tokens expire at 00:00 UTC on their `expires_at` date. */
export function tokenExpiry(expiresAt: string | null | undefined, now: Date, warnDays = 14): TokenExpiry {
  if (!expiresAt) return { expiresAt: null, daysLeft: null, expired: false, expiringSoon: false };
  const at = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(expiresAt) ? `${expiresAt}T00:00:00Z` : expiresAt);
  if (Number.isNaN(at)) return { expiresAt, daysLeft: null, expired: false, expiringSoon: false };
  const daysLeft = Math.floor((at - now.getTime()) / 86_400_000);
  const expired = at <= now.getTime();
  const expiringSoon = !expired && daysLeft < warnDays;
  const left = daysLeft <= 0 ? msg('gitlab.tokenExpiry.lessThanDay') : msg('gitlab.tokenExpiry.days', { count: daysLeft });
  const warningText = expired
    ? msg('gitlab.tokenExpiry.expired', { date: expiresAt })
    : expiringSoon
      ? msg('gitlab.tokenExpiry.soon', { date: expiresAt, left })
      : undefined;
  return { expiresAt, daysLeft, expired, expiringSoon, ...(warningText ? { warning: formatError(warningText), warningText } : {}) };
}

/** Keeps only the named fields of an API object (the rest may hold personal data or secrets). */
export function pick<T extends object>(obj: T, fields: readonly string[]): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const f of fields) if (f in obj) out[f] = (obj as Record<string, unknown>)[f];
  return out as Partial<T>;
}
