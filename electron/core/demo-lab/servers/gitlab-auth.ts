import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GitlabWorld, LabRunner, LabUser } from '../world';
import { sendJson } from './http-router';
import { ACCESS_LEVEL } from '../../gitlab/access-levels';

/** GitLab's answers when a token is refused (lib/gitlab/auth, lib/api/api_guard.rb). */
const UNAUTHORIZED = { message: '401 Unauthorized' };
const INVALID_TOKEN = (description: string) => ({ error: 'invalid_token', error_description: description });
const INSUFFICIENT_SCOPE_TEXT = 'The request requires higher privileges than provided by the access token.';

function headerToken(req: IncomingMessage): string | undefined {
  const raw = req.headers['private-token'] ?? req.headers.authorization?.replace(/^Bearer\s+/i, '');
  return Array.isArray(raw) ? raw[0] : raw;
}

function bearerChallenge(error: string, description: string, scope?: string): string {
  return `Bearer realm="gitlab", error="${error}", error_description="${description}"${scope ? `, scope="${scope}"` : ''}`;
}

/** The token's user, or a 401 in GitLab's own shape (unknown, revoked or expired token). */
export function authenticateUser(world: GitlabWorld, req: IncomingMessage, res: ServerResponse, now: Date): LabUser | undefined {
  const token = headerToken(req);
  const user = token ? world.users.find((u) => u.token === token) : undefined;
  if (!user) {
    sendJson(res, 401, UNAUTHORIZED);
    return undefined;
  }
  if (user.revoked) {
    sendJson(res, 401, INVALID_TOKEN('Token has been revoked.'), {
      'www-authenticate': bearerChallenge('invalid_token', 'Token has been revoked.'),
    });
    return undefined;
  }
  if (user.expiresAt && Date.parse(/T/.test(user.expiresAt) ? user.expiresAt : `${user.expiresAt}T00:00:00Z`) <= now.getTime()) {
    sendJson(res, 401, INVALID_TOKEN('Token has expired.'), { 'www-authenticate': bearerChallenge('invalid_token', 'Token has expired.') });
    return undefined;
  }
  return user;
}

/** 403 insufficient_scope unless the token has one of `scopes` (an empty list accepts any). */
export function requireScope(user: LabUser, res: ServerResponse, scopes: readonly string[]): boolean {
  if (scopes.length === 0 || scopes.some((s) => user.scopes.includes(s))) return true;
  const scope = scopes.join(' ');
  sendJson(
    res,
    403,
    { error: 'insufficient_scope', error_description: INSUFFICIENT_SCOPE_TEXT, scope },
    { 'www-authenticate': bearerChallenge('insufficient_scope', INSUFFICIENT_SCOPE_TEXT, scope) },
  );
  return false;
}

export function forbidden(res: ServerResponse, reason?: string): void {
  sendJson(res, 403, { message: reason ? `403 Forbidden - ${reason}` : '403 Forbidden' });
}

export function notFound(res: ServerResponse, what: string): void {
  sendJson(res, 404, { message: `404 ${what} Not Found` });
}

export function canSeeRunner(user: LabUser, runner: LabRunner): boolean {
  return user.admin || runner.runner_type === 'instance_type' || (user.runnerIds ?? []).includes(runner.id);
}

export function canManageRunner(user: LabUser, runner: LabRunner): boolean {
  return user.admin || (user.runnerIds ?? []).includes(runner.id);
}


/** The user's access level in a project, as GitLab shows it in `permissions.project_access`. */
export function projectAccessLevel(user: LabUser, projectId: number): number | undefined {
  const mine = user.projectRoles?.[projectId];
  return mine === undefined ? undefined : ACCESS_LEVEL[mine];
}

export function hasProjectRole(user: LabUser, projectId: number, role: keyof typeof ACCESS_LEVEL): boolean {
  if (user.admin) return true;
  const mine = user.projectRoles?.[projectId];
  return mine !== undefined && ACCESS_LEVEL[mine] >= ACCESS_LEVEL[role];
}

/** The runner whose current token this is; an old token after a reset matches nothing. */
export function runnerByToken(world: GitlabWorld, token: unknown, now: Date): LabRunner | undefined {
  if (typeof token !== 'string' || !token) return undefined;
  const runner = world.runners.find((r) => r.token === token);
  if (!runner) return undefined;
  if (runner.tokenExpiresAt && Date.parse(runner.tokenExpiresAt) <= now.getTime()) return undefined;
  return runner;
}
