import type { KubeClient } from '../kube/kube-client';
import { kubePatch } from './kube-patch';
import { deploymentPath, podLogTail } from './rollout';

/** What a token fix reads of a Deployment. */
export interface DeploymentLike {
  metadata: { name: string; namespace: string; resourceVersion: string };
  spec: { paused?: boolean; template: { spec: { containers: { name: string }[] } } };
}

/** The analyzer's own words for a runner GitLab refuses, looked for in the restarted pods' logs. */
const REFUSED = /Checking for jobs\.\.\. forbidden|Verifying runner\.\.\. is (?:not valid|removed)/;

/** What `kubectl rollout restart` does, with the plan's resourceVersion as precondition. */
export const restartPatchFor = (resourceVersion: string, at = new Date().toISOString()) => ({
  metadata: { resourceVersion },
  spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': at } } } },
});

export const restartDeployment = <T = DeploymentLike>(client: KubeClient, ns: string, name: string, body: unknown, dryRun: boolean, signal: AbortSignal) =>
  kubePatch<T>(client, deploymentPath(ns, name), 'application/strategic-merge-patch+json', body, `Deployment ${ns}/${name}`, dryRun, signal);

/** The first pod of a Deployment whose log says GitLab refuses its token, if any. */
export async function podsRefusedToken(client: KubeClient, ns: string, deployment: string, container: string, signal: AbortSignal): Promise<string | undefined> {
  const pods = await client.list<{ metadata: { name: string } }>(`/api/v1/namespaces/${encodeURIComponent(ns)}/pods`, { signal });
  for (const p of pods.items.filter((x) => x.metadata.name.startsWith(`${deployment}-`))) {
    const log = await podLogTail(client, ns, p.metadata.name, container, signal);
    if (REFUSED.test(log)) return p.metadata.name;
  }
  return undefined;
}
