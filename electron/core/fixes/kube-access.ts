import type { PreflightCheck } from '../../../shared/fixes';
import { checkAccess, describePermission, KUBE_PERMISSIONS } from '../kube/access-review';
import type { KubeClient } from '../kube/kube-client';

/** SelfSubjectAccessReviews for exactly the writes a fix makes in a namespace; a denial names the permission. */
export async function kubeAccessChecks(client: KubeClient, namespace: string, fixId: string, signal: AbortSignal): Promise<PreflightCheck[]> {
  const permissions = KUBE_PERMISSIONS.filter((p) => p.usedBy.includes(fixId));
  const report = await checkAccess(client, namespace, { permissions, signal });
  return report.results.map((r) => ({
    name: `RBAC ${describePermission(r.permission)}`,
    ok: r.allowed === true,
    detail:
      r.allowed === true
        ? `${report.username ?? 'you'} may ${describePermission(r.permission)} in ${namespace}`
        : `${report.username ?? 'you'} may not ${describePermission(r.permission)} in ${namespace}${r.reason ? ` (${r.reason})` : ''}: ask for a Role granting it`,
  }));
}
