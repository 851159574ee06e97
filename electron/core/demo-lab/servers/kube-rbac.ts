import type { KubeAccessRule, KubeIdentity, KubeWorld } from '../world';
import { KubeStatusError } from './kube-resources';

/** Who a request is, after authentication. */
export interface KubeUser {
  username: string;
  groups: string[];
  /** Undefined for cluster admins (system:masters): everything is allowed. */
  rules?: KubeAccessRule[];
}

/** What a request wants to do, in RBAC terms. */
export interface AccessAttributes {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

export const ADMIN_USER = 'kubernetes-admin';

/** Bearer-token authentication: admin tokens and restricted identities. */
export function authenticate(world: KubeWorld, authorization: string | undefined): KubeUser | undefined {
  if (!authorization?.startsWith('Bearer ')) return undefined;
  const token = authorization.slice(7).trim();
  const identity: KubeIdentity | undefined = world.identities?.get(token);
  if (identity) return { username: identity.username, groups: [...(identity.groups ?? []), 'system:authenticated'], rules: identity.rules };
  if (world.tokens.includes(token)) return { username: ADMIN_USER, groups: ['system:masters', 'system:authenticated'] };
  return undefined;
}

function ruleAllows(rule: KubeAccessRule, a: AccessAttributes): boolean {
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const any = (list: readonly string[], v: string) => list.includes('*') || list.includes(v);
  if (rule.namespace !== undefined && rule.namespace !== a.namespace) return false;
  if (!any(rule.verbs, a.verb) || !any(rule.apiGroups, a.group)) return false;
  if (!any(rule.resources, resource) && !(a.subresource && rule.resources.includes(`${a.resource}/*`))) return false;
  if (rule.resourceNames?.length && (!a.name || !rule.resourceNames.includes(a.name))) return false;
  return true;
}

/** RBAC decision with the reason the API server would give. */
export function authorize(user: KubeUser, a: AccessAttributes): { allowed: boolean; reason: string } {
  if (!user.rules)
    return {
      allowed: true,
      reason: 'RBAC: allowed by ClusterRoleBinding "cluster-admin" of ClusterRole "cluster-admin" to Group "system:masters"',
    };
  const rule = user.rules.find((r) => ruleAllows(r, a));
  if (!rule) return { allowed: false, reason: '' };
  const binding =
    rule.namespace !== undefined
      ? `RoleBinding "lab-binding/${rule.namespace}" of Role "lab-role"`
      : 'ClusterRoleBinding "lab-binding" of ClusterRole "lab-role"';
  return { allowed: true, reason: `RBAC: allowed by ${binding} to User "${user.username}"` };
}

/** The 403 the API server sends, word for word: `pods "x" is forbidden: User "u" cannot get resource "pods/log" …`. */
export function forbidden(user: KubeUser, a: AccessAttributes): KubeStatusError {
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const groupSuffix = a.group ? `.${a.group}` : '';
  const subject = a.name ? `${a.resource}${groupSuffix} "${a.name}"` : `${a.resource}${groupSuffix}`;
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  return new KubeStatusError(
    403,
    'Forbidden',
    `${subject} is forbidden: User "${user.username}" cannot ${a.verb} resource "${resource}" in API group "${a.group}" ${scope}`,
    {
      ...(a.name ? { name: a.name } : {}),
      ...(a.group ? { group: a.group } : {}),
      kind: a.resource,
    },
  );
}
