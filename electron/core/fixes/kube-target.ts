import type { KubeTarget } from '../kube/collect-kube';
import { FixInputError, type FixContext } from './fix-definition';
import { msg } from '../../../shared/messages';

export type KubeRef = Pick<KubeTarget, 'kubeconfig' | 'context'>;

/** The kubeconfig context among the user's sources that covers a namespace. */
export function kubeTargetFor(ctx: FixContext, namespace: string): KubeRef {
  const targets = ctx.connections.kubeTargets;
  const t = targets.find((k) => 'namespace' in k && k.namespace === namespace) ?? targets.find((k) => 'allNamespaces' in k) ?? targets[0];
  if (!t) throw new FixInputError(msg('fix.input.needsKubeContext', { namespace }));
  return { kubeconfig: t.kubeconfig, context: t.context };
}
