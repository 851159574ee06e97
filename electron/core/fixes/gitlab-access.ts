import type { PreflightCheck } from '../../../shared/fixes';
import { ACCESS_LEVEL, type Role } from '../gitlab/access-levels';
import type { GitlabClient } from '../gitlab/client';
import { getTokenSelf, type CurrentUser } from '../gitlab/whoami';
import { check, msg } from './fix-text';
import { list, type Message } from '../../../shared/messages';


/** The token has one of `scopes` (personal_access_tokens/self); other token types are let through to the call. */
export async function scopeCheck(client: GitlabClient, scopes: readonly string[], signal: AbortSignal): Promise<PreflightCheck> {
  const self = await getTokenSelf(client, signal);
  const have = self?.body.scopes ?? [];
  if (!self) return check(msg('check.scope'), true, msg('check.scope.notPat'));
  const ok = scopes.some((s) => have.includes(s));
  return check(
    msg('check.scope'),
    ok,
    ok ? msg('check.scope.has', { scope: scopes.find((s) => have.includes(s)) }) : msg('check.scope.lacks', { scopes: list([...scopes], 'or'), have: have.length ? have.join(', ') : msg('check.none') }),
  );
}

interface ProjectAccess {
  permissions?: { project_access?: { access_level?: number } | null; group_access?: { access_level?: number } | null } | null;
  path_with_namespace?: string;
}

/** The token's user has at least `role` in the project (administrators always do). */
export async function projectRoleCheck(client: GitlabClient, projectId: number, role: Role, why: Message, signal: AbortSignal): Promise<PreflightCheck> {
  const user = (await client.get<CurrentUser>('/user', { signal })).body;
  if (user.is_admin) return check(msg('check.role', { role }), true, msg('check.role.admin', { user: user.username }));
  const project = (await client.get<ProjectAccess>(`/projects/${projectId}`, { signal })).body;
  const level = Math.max(project.permissions?.project_access?.access_level ?? 0, project.permissions?.group_access?.access_level ?? 0);
  const ok = level >= ACCESS_LEVEL[role];
  const where = project.path_with_namespace ?? `project ${projectId}`;
  return check(
    msg('check.role', { role }),
    ok,
    ok ? msg('check.role.has', { user: user.username, level, where }) : msg('check.role.needs', { user: user.username, role, where, why, level }),
  );
}
