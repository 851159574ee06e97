import { defaultKubeconfigPath, readKubeconfig } from '../core/kube/kubeconfig';
import type { Message } from '../../shared/messages';
import type { CollectValues } from './collect-plan';

/**
 * What the kubeconfig reader skipped (a cluster without a server, a context without a cluster…),
 * for `collect` to print before it connects: a skipped entry is often why a context is "not in"
 * the file. A kubeconfig that cannot be read at all is the planner's error, not a warning.
 */
export function kubeconfigWarnings(values: CollectValues): Message[] {
  if (!values['kube-context']?.length) return [];
  try {
    return readKubeconfig(defaultKubeconfigPath(values.kubeconfig)).warnings;
  } catch {
    return [];
  }
}
