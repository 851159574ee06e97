import type { KubeCheck } from '../../../../shared/ipc/targets';
import { describePermission } from '../../kube/access-review';
import { checkContext, listContexts, listNamespaces } from '../../kube/contexts';
import { defaultKubeconfigPath } from '../../kube/kubeconfig';
import { probeContexts } from '../../kube/reachability';
import { isCancelled } from '../../util/abort';
import type { AppDeps } from '../app-deps';
import type { Handlers } from '../handler-types';
import { uiExecApprover } from './approvers';
import { kubeFailure } from './errors';
import { finishedError } from '../finished-error';

type KubeHandlers = Pick<Handlers, 'kube.contexts' | 'kube.namespaces' | 'kube.check' | 'kube.reach'>;

/** Per API call while the wizard asks; collection has its own limits. */
const WIZARD_TIMEOUT_MS = 15_000;

async function mapped<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw kubeFailure(err);
  }
}

export function kubeHandlers(deps: AppDeps): KubeHandlers {
  // An exec plugin runs only after the user saw its command line and said yes in the window.
  const connect = (ctx: Parameters<KubeHandlers['kube.namespaces']>[1]) => ({
    approvals: deps.approvals,
    approve: uiExecApprover(deps.prompts, ctx),
    timeoutMs: WIZARD_TIMEOUT_MS,
  });
  return {
    'kube.contexts': ({ kubeconfig }) => mapped(() => listContexts(kubeconfig, { approvals: deps.approvals })),
    // Runs nothing the user has not approved and asks nothing: unapproved exec plugins are reported, not run.
    'kube.reach': async ({ kubeconfig, contexts }, ctx) => ({
      operationId: deps.operations.start(async (signal, operationId) => {
        try {
          await probeContexts(defaultKubeconfigPath(kubeconfig), contexts, (context, reach) => ctx.emit('kube.reach', { operationId, context, reach }), {
            signal,
            approvals: deps.approvals,
          });
          ctx.emit('operation.finished', { operationId, status: signal.aborted ? 'cancelled' : 'ok' });
        } catch (err) {
          ctx.emit('operation.finished', isCancelled(err) || signal.aborted ? { operationId, status: 'cancelled' } : { operationId, status: 'failed', ...finishedError(err) });
        }
      }),
    }),
    'kube.namespaces': ({ kubeconfig, context, findRunners }, ctx) =>
      mapped(() => listNamespaces(kubeconfig, context, { ...connect(ctx), ...(findRunners ? { findRunners } : {}) })),
    'kube.check': ({ kubeconfig, context, namespace }, ctx) =>
      mapped(async (): Promise<KubeCheck> => {
        const check = await checkContext(kubeconfig, context, namespace, connect(ctx));
        const access = check.access;
        return {
          context: check.context,
          server: check.server,
          ...(access ? { namespace: access.namespace } : namespace ? { namespace } : {}),
          ...(check.version !== undefined ? { version: check.version } : {}),
          ...(check.latencyMs !== undefined ? { latencyMs: check.latencyMs } : {}),
          ...(check.error ? { error: check.error } : {}),
          ...(check.errorText ? { errorText: check.errorText } : {}),
          ...(access?.username ? { username: access.username } : {}),
          results: (access?.results ?? []).map((r) => ({
            id: r.permission.id,
            permission: describePermission(r.permission),
            allowed: r.allowed ?? null,
            optional: r.permission.optional === true,
            usedBy: r.permission.usedBy,
            ...(r.reason ? { reason: r.reason } : {}),
            ...(r.failure ? { failure: r.failure } : {}),
          })),
          ...(check.grant ? { grant: check.grant } : {}),
        };
      }),
  };
}
