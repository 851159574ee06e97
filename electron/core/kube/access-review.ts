import { AUTOMATED_FIX_IDS, FIX_IDS } from '../../../shared/findings';
import { stringify } from 'yaml';
import { mapPool } from '../util/pool';
import type { KubeClient } from './kube-client';
import { kubeErrorText } from './kube-errors';
import { formatError } from '../../../shared/i18n/text';
import { msg, type Message } from '../../../shared/messages';

/** One permission runner-doctor needs, and what needs it. */
export interface KubePermission {
  id: string;
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  /** Cluster-scoped (nodes, namespaces): granted by a ClusterRole. */
  cluster?: boolean;
  /** `collect`, or the fix ids that need it. */
  usedBy: string[];
  /** Collection works without it (less evidence). */
  optional?: boolean;
}

/** What the collectors read and what each contract fix would write (CONTRACTS.md §3). */
const PERMISSION_TABLE: readonly KubePermission[] = [
  { id: 'list-pods', verb: 'list', group: '', resource: 'pods', usedBy: ['collect'] },
  { id: 'get-pod-logs', verb: 'get', group: '', resource: 'pods', subresource: 'log', usedBy: ['collect'] },
  { id: 'list-deployments', verb: 'list', group: 'apps', resource: 'deployments', usedBy: ['collect'] },
  { id: 'list-configmaps', verb: 'list', group: '', resource: 'configmaps', usedBy: ['collect'] },
  { id: 'list-secrets', verb: 'list', group: '', resource: 'secrets', usedBy: ['collect'], optional: true },
  { id: 'list-events', verb: 'list', group: '', resource: 'events', usedBy: ['collect'], optional: true },
  { id: 'list-resourcequotas', verb: 'list', group: '', resource: 'resourcequotas', usedBy: ['collect'], optional: true },
  { id: 'list-nodes', verb: 'list', group: '', resource: 'nodes', cluster: true, usedBy: ['collect'], optional: true },
  { id: 'list-namespaces', verb: 'list', group: '', resource: 'namespaces', cluster: true, usedBy: ['wizard'], optional: true },
  {
    id: 'patch-configmaps',
    verb: 'patch',
    group: '',
    resource: 'configmaps',
    usedBy: ['replace-pat-with-runner-token', 'raise-request-concurrency', 'rotate-runner-token'],
  },
  {
    id: 'patch-secrets',
    verb: 'patch',
    group: '',
    resource: 'secrets',
    usedBy: ['rotate-runner-token', 'replace-pat-with-runner-token', 'strip-token-newline'],
  },
  { id: 'delete-secrets', verb: 'delete', group: '', resource: 'secrets', usedBy: ['delete-orphaned-job-secrets'] },
  {
    id: 'patch-deployments',
    verb: 'patch',
    group: 'apps',
    resource: 'deployments',
    usedBy: ['writable-config-dir', 'replace-pat-with-runner-token', 'raise-request-concurrency', 'rotate-runner-token'],
  },
];

const AUTOMATED: ReadonlySet<string> = new Set(AUTOMATED_FIX_IDS);
const FIXES: ReadonlySet<string> = new Set(FIX_IDS);

/**
 * Exactly what the collectors read and the fixes that run today write; nothing more. A
 * permission only a fix not yet automated would need is neither asked for nor named.
 */
export const KUBE_PERMISSIONS: readonly KubePermission[] = PERMISSION_TABLE.map((p) => ({ ...p, usedBy: p.usedBy.filter((u) => !FIXES.has(u) || AUTOMATED.has(u)) })).filter(
  (p) => p.usedBy.length > 0,
);

export interface AccessResult {
  permission: KubePermission;
  /** `undefined` when the review itself could not be made. */
  allowed: boolean | undefined;
  /** The cluster's own words for a denial, or "could not check: …" (in English) when the review could not be made. */
  reason?: string;
  /** Why the review could not be made, as a message id, for the reader's language. */
  failure?: Message;
}

/** A permission whose review could not be made, and why. */
function notReviewed(permission: KubePermission, err: unknown): AccessResult {
  const failure = kubeErrorText(err);
  return { permission, allowed: undefined, reason: formatError(msg('kube.access.couldNotCheck', { reason: failure })), failure };
}

export interface AccessReport {
  namespace: string;
  /** Who the cluster says we are (SelfSubjectReview), when it tells. */
  username?: string;
  groups?: string[];
  results: AccessResult[];
}

export function describePermission(p: KubePermission): string {
  return `${p.verb} ${p.resource}${p.subresource ? `/${p.subresource}` : ''}${p.group ? `.${p.group}` : ''}`;
}

/**
 * Asks the cluster, with SelfSubjectAccessReviews, whether the current user may do each thing
 * runner-doctor would do in a namespace. Nothing is attempted to find out.
 */
export async function checkAccess(
  client: KubeClient,
  namespace: string,
  opts: { permissions?: readonly KubePermission[]; signal?: AbortSignal } = {},
): Promise<AccessReport> {
  const permissions = opts.permissions ?? KUBE_PERMISSIONS;
  const report: AccessReport = { namespace, results: [] };
  try {
    const who = await client.json<{ status?: { userInfo?: { username?: string; groups?: string[] } } }>(
      '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      {
        method: 'POST',
        body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
        ...(opts.signal ? { signal: opts.signal } : {}),
      },
    );
    if (who.status?.userInfo?.username) report.username = who.status.userInfo.username;
    if (who.status?.userInfo?.groups) report.groups = who.status.userInfo.groups;
  } catch {
    // Clusters before 1.28 have no SelfSubjectReview; the Role YAML then names a placeholder subject.
  }
  const settled = await mapPool(
    permissions,
    6,
    async (permission): Promise<AccessResult> => {
      const review = await client.json<{ status?: { allowed?: boolean; reason?: string; evaluationError?: string } }>(
        '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
        {
          method: 'POST',
          body: {
            apiVersion: 'authorization.k8s.io/v1',
            kind: 'SelfSubjectAccessReview',
            spec: {
              resourceAttributes: {
                verb: permission.verb,
                group: permission.group,
                resource: permission.resource,
                ...(permission.subresource ? { subresource: permission.subresource } : {}),
                ...(permission.cluster ? {} : { namespace }),
              },
            },
          },
          ...(opts.signal ? { signal: opts.signal } : {}),
        },
      );
      const reason = review.status?.reason || review.status?.evaluationError;
      return { permission, allowed: review.status?.allowed === true, ...(reason ? { reason } : {}) };
    },
    opts.signal,
  );
  report.results = settled.map((s, i) => (s.status === 'fulfilled' ? s.value : notReviewed(permissions[i] as KubePermission, s.reason)));
  return report;
}

export function missing(report: AccessReport, usedBy?: string): KubePermission[] {
  return report.results.filter((r) => r.allowed === false && (!usedBy || r.permission.usedBy.includes(usedBy))).map((r) => r.permission);
}

function subjectFor(username: string | undefined) {
  const sa = username?.match(/^system:serviceaccount:([^:]+):(.+)$/);
  if (sa) return { kind: 'ServiceAccount', name: sa[2], namespace: sa[1] };
  return { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: username ?? 'REPLACE-WITH-YOUR-USER' };
}

function rulesOf(perms: readonly KubePermission[]) {
  const byKey = new Map<string, { apiGroups: string[]; resources: string[]; verbs: string[] }>();
  for (const p of perms) {
    const resource = p.subresource ? `${p.resource}/${p.subresource}` : p.resource;
    const key = `${p.group}|${resource}`;
    const rule = byKey.get(key) ?? { apiGroups: [p.group], resources: [resource], verbs: [] };
    if (!rule.verbs.includes(p.verb)) rule.verbs.push(p.verb);
    byKey.set(key, rule);
  }
  return [...byKey.values()];
}

/**
 * The Role/RoleBinding (and ClusterRole/ClusterRoleBinding for cluster-scoped reads) that would
 * grant exactly the missing permissions, for a cluster admin to apply.
 */
export function grantYaml(perms: readonly KubePermission[], namespace: string, username?: string, name = 'runner-doctor'): string {
  const subject = subjectFor(username);
  const docs: object[] = [];
  const namespaced = perms.filter((p) => !p.cluster);
  const cluster = perms.filter((p) => p.cluster);
  if (namespaced.length) {
    docs.push(
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name, namespace }, rules: rulesOf(namespaced) },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name, namespace },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
        subjects: [subject],
      },
    );
  }
  if (cluster.length) {
    docs.push(
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: `${name}-cluster-read` },
        rules: rulesOf(cluster),
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: `${name}-cluster-read` },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `${name}-cluster-read` },
        subjects: [subject],
      },
    );
  }
  return docs.map((d) => stringify(d)).join('---\n');
}

/** The reviews as `kubectl get -o yaml` would show SelfSubjectAccessReviews, for the bundle. */
export function accessReportYaml(report: AccessReport): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: report.results.map((r) => ({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      metadata: {
        annotations: {
          'runner-doctor.io/permission': r.permission.id,
          'runner-doctor.io/used-by': r.permission.usedBy.join(','),
          ...(report.username ? { 'runner-doctor.io/user': report.username } : {}),
        },
      },
      spec: {
        resourceAttributes: {
          verb: r.permission.verb,
          group: r.permission.group,
          resource: r.permission.resource,
          ...(r.permission.subresource ? { subresource: r.permission.subresource } : {}),
          ...(r.permission.cluster ? {} : { namespace: report.namespace }),
        },
      },
      status: {
        allowed: r.allowed === true,
        ...(r.allowed === undefined ? { evaluationError: r.reason } : r.reason ? { reason: r.reason } : {}),
      },
    })),
  });
}
