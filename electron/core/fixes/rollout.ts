import { sleep } from '../gitlab/retry';
import type { KubeClient } from '../kube/kube-client';

/** How long verification waits for a rollout. */
const ROLLOUT_WAIT_MS = 120_000;

interface DeploymentStatus {
  metadata: { generation?: number };
  spec: { replicas?: number };
  status?: { observedGeneration?: number; replicas?: number; updatedReplicas?: number; readyReplicas?: number };
}

export const deploymentPath = (ns: string, name: string) => `/apis/apps/v1/namespaces/${encodeURIComponent(ns)}/deployments/${encodeURIComponent(name)}`;

/** Waits until a Deployment's rollout is complete, as `kubectl rollout status` does: every replica updated and Ready. */
export async function rolledOut(client: KubeClient, namespace: string, name: string, signal: AbortSignal): Promise<{ ok: boolean; detail: string }> {
  const deadline = Date.now() + ROLLOUT_WAIT_MS;
  for (;;) {
    const dep = await client.json<DeploymentStatus>(deploymentPath(namespace, name), { signal });
    const s = dep.status ?? {};
    const want = dep.spec.replicas ?? 1;
    const done = (s.observedGeneration ?? 0) >= (dep.metadata.generation ?? 0) && s.updatedReplicas === want && s.readyReplicas === want && (s.replicas ?? want) === want;
    if (done) return { ok: true, detail: `${want}/${want} pods Ready after the rollout` };
    if (Date.now() > deadline) return { ok: false, detail: `the rollout did not finish in ${ROLLOUT_WAIT_MS / 1000} s (${s.readyReplicas ?? 0}/${want} Ready, ${s.updatedReplicas ?? 0} updated)` };
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
