import { sleep } from '../gitlab/retry';
import type { KubeClient } from '../kube/kube-client';
import type { Message } from '../../../shared/messages';
import type { VerifyResult } from './fix-definition';
import { msg, verified } from './fix-text';

/** How long verification waits for a rollout. */
const ROLLOUT_WAIT_MS = 120_000;

interface DeploymentStatus {
  metadata: { generation?: number };
  spec: { replicas?: number };
  status?: { observedGeneration?: number; replicas?: number; updatedReplicas?: number; readyReplicas?: number };
}

export const deploymentPath = (ns: string, name: string) => `/apis/apps/v1/namespaces/${encodeURIComponent(ns)}/deployments/${encodeURIComponent(name)}`;

/** Waits until a Deployment's rollout is complete, as `kubectl rollout status` does: every replica updated and Ready. */
export async function rolledOut(client: KubeClient, namespace: string, name: string, signal: AbortSignal): Promise<VerifyResult & { message: Message }> {
  const deadline = Date.now() + ROLLOUT_WAIT_MS;
  for (;;) {
    const dep = await client.json<DeploymentStatus>(deploymentPath(namespace, name), { signal });
    const s = dep.status ?? {};
    const want = dep.spec.replicas ?? 1;
    const done = (s.observedGeneration ?? 0) >= (dep.metadata.generation ?? 0) && s.updatedReplicas === want && s.readyReplicas === want && (s.replicas ?? want) === want;
    if (done) return verified(true, msg('rollout.ready', { want }));
    if (Date.now() > deadline) {
      return verified(false, msg('rollout.timeout', { seconds: ROLLOUT_WAIT_MS / 1000, ready: s.readyReplicas ?? 0, want, updated: s.updatedReplicas ?? 0 }));
    }
    await sleep(2_000, signal);
  }
}

/** The last 500 lines of a pod container's log. */
export async function podLogTail(client: KubeClient, ns: string, pod: string, container: string, signal: AbortSignal): Promise<string> {
  const stream = await client.stream(`/api/v1/namespaces/${encodeURIComponent(ns)}/pods/${encodeURIComponent(pod)}/log`, {
    query: { container, tailLines: 500 },
    signal: AbortSignal.any([signal, AbortSignal.timeout(20_000)]),
  });
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
