import type { PreflightCheck } from '../../../shared/fixes';
import { checkAccess, describePermission, KUBE_PERMISSIONS } from '../kube/access-review';
import type { KubeClient } from '../kube/kube-client';
import type { Message } from '../../../shared/messages';
import { check, msg } from './fix-text';

/** A Deployment's restart rolls out only when it is not paused; `ok` names it in words ("the Deployment is not paused"). */
export function notPaused(deployment: string, paused: boolean, ok: Message): PreflightCheck {
  return check(msg('check.notPaused'), !paused, paused ? msg('check.notPaused.paused', { deployment }) : ok);
}

/** SelfSubjectAccessReviews for exactly the writes a fix makes in a namespace; a denial names the permission. */
export async function kubeAccessChecks(client: KubeClient, namespace: string, fixId: string, signal: AbortSignal): Promise<PreflightCheck[]> {
  const permissions = KUBE_PERMISSIONS.filter((p) => p.usedBy.includes(fixId));
  const report = await checkAccess(client, namespace, { permissions, signal });
  return report.results.map((r) => {
    const permission = describePermission(r.permission);
    const who = report.username ?? msg('check.rbac.you');
    return check(
      msg('check.rbac', { permission }),
      r.allowed === true,
      r.allowed === true
        ? msg('check.rbac.may', { who, permission, namespace })
        : r.failure
          ? msg('check.rbac.notChecked', { permission, namespace, reason: r.failure })
          : msg(r.reason ? 'check.rbac.mayNotBecause' : 'check.rbac.mayNot', { who, permission, namespace, reason: r.reason }),
    );
  });
}
