import { randomBytes } from 'node:crypto';
import type { KubeObject, KubeWorld } from '../world';

type Template = { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: { containers?: { name: string; image?: string }[] } };
type DeploymentSpec = { replicas?: number; paused?: boolean; selector?: { matchLabels?: Record<string, string> }; template?: Template };

const suffix = (n: number) => randomBytes(8).toString('hex').replace(/[^a-z0-9]/g, '').slice(0, n);

/** The first lines a runner logs when it starts and can write its config directory. */
function startLog(image: string | undefined): string {
  const version = /v?(\d+\.\d+\.\d+)/.exec(image ?? '')?.[1] ?? '18.3.0';
  return [
    `${new Date().toISOString()} Runtime platform                                    arch=amd64 os=linux pid=1 revision=9ba718cd version=${version}`,
    `${new Date().toISOString()} Starting multi-runner from /etc/gitlab-runner/config.toml...  builds=0 max_builds=0`,
    `${new Date().toISOString()} Configuration loaded                                builds=0 max_builds=4`,
    '',
  ].join('\n');
}

/**
 * What the Deployment and ReplicaSet controllers do after a pod template change, done at once:
 * the old pods go, `replicas` new pods from the template come up Ready, and the status shows
 * the rollout complete. A paused Deployment is left alone, as Kubernetes does.
 */
export function rollOut(world: KubeWorld, deployment: KubeObject): void {
  const spec = deployment.spec as DeploymentSpec;
  if (spec.paused) return;
  const ns = deployment.metadata.namespace;
  const selector = spec.selector?.matchLabels ?? {};
  const matches = (o: KubeObject) =>
    o.kind === 'Pod' && o.metadata.namespace === ns && Object.entries(selector).every(([k, v]) => (o.metadata.labels as Record<string, string> | undefined)?.[k] === v);
  world.objects = world.objects.filter((o) => !matches(o));
  const hash = suffix(9);
  const replicas = spec.replicas ?? 1;
  const containers = spec.template?.spec?.containers ?? [];
  const started: KubeObject[] = [];
  for (let i = 0; i < replicas; i++) {
    const name = `${deployment.metadata.name}-${hash}-${suffix(5)}`;
    world.objects.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        ...(ns ? { namespace: ns } : {}),
        labels: { ...(spec.template?.metadata?.labels ?? {}), 'pod-template-hash': hash },
        ...(spec.template?.metadata?.annotations ? { annotations: { ...spec.template.metadata.annotations } } : {}),
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${deployment.metadata.name}-${hash}`, uid: `uid-rs-${hash}`, controller: true, blockOwnerDeletion: true }],
      },
      spec: structuredClone(spec.template?.spec ?? {}),
      status: {
        phase: 'Running',
        startTime: new Date().toISOString(),
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: containers.map((c) => ({ name: c.name, ready: true, restartCount: 0, image: c.image, state: { running: { startedAt: new Date().toISOString() } } })),
      },
    });
    for (const c of containers) world.logs.set(`${ns}/${name}/${c.name}`, startLog(c.image));
    started.push(world.objects.at(-1)!);
  }
  world.onRollout?.(started);
  const generation = (deployment.metadata as { generation?: number }).generation;
  deployment.status = { ...(generation ? { observedGeneration: generation } : {}), replicas, updatedReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas };
}
