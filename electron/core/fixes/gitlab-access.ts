import type { PreflightCheck } from '../../../shared/fixes';
import { ACCESS_LEVEL, type Role } from '../gitlab/access-levels';
import type { GitlabClient } from '../gitlab/client';
import { getTokenSelf, type CurrentUser } from '../gitlab/whoami';


/** The token has one of `scopes` (personal_access_tokens/self); other token types are let through to the call. */
export async function scopeCheck(client: GitlabClient, scopes: readonly string[], signal: AbortSignal): Promise<PreflightCheck> {
  const self = await getTokenSelf(client, signal);
  const have = self?.body.scopes ?? [];
  if (!self) return { name: 'token scope', ok: true, detail: 'the token is not a personal access token; GitLab checks its rights on the call' };
  const ok = scopes.some((s) => have.includes(s));
  return {
    name: 'token scope',
    ok,
    detail: ok ? `the token has the ${scopes.find((s) => have.includes(s))} scope` : `the token lacks the ${scopes.join(' or ')} scope (it has ${have.join(', ') || 'none'})`,
  };
}

interface ProjectAccess {
  permissions?: { project_access?: { access_level?: number } | null; group_access?: { access_level?: number } | null } | null;
  path_with_namespace?: string;
}

/** The token's user has at least `role` in the project (administrators always do). */
export async function projectRoleCheck(client: GitlabClient, projectId: number, role: Role, why: string, signal: AbortSignal): Promise<PreflightCheck> {
  const user = (await client.get<CurrentUser>('/user', { signal })).body;
  if (user.is_admin) return { name: `${role} role`, ok: true, detail: `${user.username} is an administrator` };
  const project = (await client.get<ProjectAccess>(`/projects/${projectId}`, { signal })).body;
  const level = Math.max(project.permissions?.project_access?.access_level ?? 0, project.permissions?.group_access?.access_level ?? 0);
  const ok = level >= ACCESS_LEVEL[role];
  const where = project.path_with_namespace ?? `project ${projectId}`;
  return {
    name: `${role} role`,
    ok,
    detail: ok ? `${user.username} has access level ${level} in ${where}` : `${user.username} needs the ${role} role in ${where} ${why} (has access level ${level})`,
  };
}
