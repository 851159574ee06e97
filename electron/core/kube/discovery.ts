import { posix } from 'node:path';
import { podProblems } from './pod-problems';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const RUNNER_IMAGE = /gitlab-runner(?!-helper)(?:[:@]|$)/;
/** Job pods and their Secrets: `runner-<token>-project-<id>-concurrent-<n>[-<suffix>]`. */
export const JOB_NAME = /^runner-[a-z0-9]+-project-\d+-concurrent-[a-z0-9]+/;
const JOB_LABEL = /(^|\.)runner\.gitlab\.com\//;

export function isJobPod(pod: Obj): boolean {
  const labels: Record<string, string> = pod.metadata?.labels ?? {};
  return JOB_NAME.test(pod.metadata?.name ?? '') || Object.keys(labels).some((k) => JOB_LABEL.test(k));
}

function looksLikeRunner(labels: Record<string, string> | undefined, containers: Obj[] | undefined): boolean {
  const l = labels ?? {};
  if (
    l.app === 'gitlab-runner' ||
    l['app.kubernetes.io/name'] === 'gitlab-runner' ||
    /^gitlab-runner/.test(l.chart ?? '') ||
    /^gitlab-runner/.test(l['helm.sh/chart'] ?? '')
  )
    return true;
  return (containers ?? []).some((c) => RUNNER_IMAGE.test(c.image ?? ''));
}

/** Runner manager pods: the chart's labels, `app=gitlab-runner`, or a gitlab-runner image; never job pods. */
export function isRunnerManagerPod(pod: Obj): boolean {
  return !isJobPod(pod) && looksLikeRunner(pod.metadata?.labels, pod.spec?.containers);
}

function selects(selector: Obj | undefined, labels: Record<string, string> | undefined): boolean {
  const match: Record<string, string> = selector?.matchLabels ?? {};
  const keys = Object.keys(match);
  return keys.length > 0 && keys.every((k) => labels?.[k] === match[k]);
}

export interface ConfigMountInfo {
  /** Where the runner reads config.toml. */
  configPath: string;
  /** How the path was found: `--config` argument, CONFIG_FILE, or the image's default. */
  configPathFrom: string;
  /** The volume mounted over the config directory, if any. */
  volume?: string;
  mountPath?: string;
  source?: string;
  sourceName?: string;
  /** Whether the runner can write next to config.toml (.runner_system_id, rotated tokens). */
  writable: boolean;
  /** read-only-configmap | read-only-mount | writable-copy | writable-volume | container-filesystem */
  mode: string;
  /** ConfigMaps the pod mounts that hold a config.toml (or the chart's config.template.toml). */
  configMaps: { name: string; mountPath: string; keys: string[] }[];
}

function configPathOf(container: Obj): { path: string; from: string } | undefined {
  const argv: string[] = [...(container.command ?? []), ...(container.args ?? [])].map(String);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const next = argv[i + 1];
    if (/\s/.test(a)) {
      // A shell script (`sh -c "… run --config /x/config.toml"`).
      const inScript = a.match(/(?:--config|-c)[= ]+["']?([^\s"';]+\.toml)/);
      if (inScript) return { path: inScript[1] as string, from: 'the container command' };
      continue;
    }
    const inline = a.match(/^(?:--config|-c)=(.+)$/);
    if (inline) return { path: inline[1] as string, from: `argument ${a}` };
    if ((a === '--config' || a === '-c') && next && !/\s/.test(next)) return { path: next, from: `argument ${a} ${next}` };
  }
  const env = (container.env ?? []).find((e: Obj) => e.name === 'CONFIG_FILE' && e.value);
  if (env) return { path: env.value, from: 'CONFIG_FILE' };
  return undefined;
}

/** Works out where a runner container keeps config.toml and whether that directory is writable. */
export function configMountOf(podSpec: Obj, configMaps: Obj[]): ConfigMountInfo | undefined {
  const containers: Obj[] = podSpec?.containers ?? [];
  const container =
    containers.find((c) => RUNNER_IMAGE.test(c.image ?? '')) ?? containers.find((c) => /runner/.test(c.name ?? '')) ?? containers[0];
  if (!container) return undefined;
  const mounts: Obj[] = container.volumeMounts ?? [];
  const volumes: Obj[] = podSpec.volumes ?? [];
  const found = configPathOf(container);
  const defaultDir = mounts.some((m) => m.mountPath === '/etc/gitlab-runner') ? '/etc/gitlab-runner' : '/home/gitlab-runner/.gitlab-runner';
  const configPath = found?.path ?? `${defaultDir}/config.toml`;
  const dir = posix.dirname(configPath);
  const covering = mounts
    .filter((m) => !m.subPath && (dir === m.mountPath || dir.startsWith(`${String(m.mountPath).replace(/\/$/, '')}/`)))
    .sort((a, b) => String(b.mountPath).length - String(a.mountPath).length)[0];
  const volume = covering ? volumes.find((v) => v.name === covering.name) : undefined;
  const source = volume ? Object.keys(volume).find((k) => k !== 'name') : undefined;
  const sourceName = volume && source ? (volume[source]?.name ?? volume[source]?.claimName ?? volume[source]?.secretName) : undefined;
  const readOnlySource = ['configMap', 'secret', 'projected', 'downwardAPI'].includes(source ?? '');
  const rootReadOnly = container.securityContext?.readOnlyRootFilesystem === true;
  const writable = covering ? !readOnlySource && covering.readOnly !== true : !rootReadOnly;
  const cmMounts = mounts
    .map((m) => ({ m, v: volumes.find((v) => v.name === m.name) }))
    .filter(({ v }) => v?.configMap?.name)
    .map(({ m, v }) => {
      const cm = configMaps.find((c) => c.metadata?.name === v?.configMap?.name);
      const keys = Object.keys(cm?.data ?? {}).filter((k) => /(^|\.)config(\.template)?\.toml$/.test(k));
      return { name: v?.configMap?.name as string, mountPath: String(m.mountPath), keys };
    })
    .filter((c) => c.keys.length > 0);
  let mode: string;
  if (!writable) mode = source === 'configMap' ? 'read-only-configmap' : 'read-only-mount';
  else if (cmMounts.some((c) => c.mountPath !== covering?.mountPath)) mode = 'writable-copy';
  else mode = covering ? 'writable-volume' : 'container-filesystem';
  return {
    configPath,
    configPathFrom: found?.from ?? "the image's default",
    ...(covering ? { volume: covering.name, mountPath: covering.mountPath } : {}),
    ...(source ? { source } : {}),
    ...(sourceName ? { sourceName } : {}),
    writable,
    mode,
    configMaps: cmMounts,
  };
}

/** Secrets the runner container takes its token from: env secretKeyRef or secret/projected volumes. */
export function tokenSecretsOf(podSpec: Obj): { name: string; key?: string; via: string }[] {
  const out: { name: string; key?: string; via: string }[] = [];
  for (const c of podSpec?.containers ?? []) {
    for (const e of c.env ?? []) {
      const ref = e.valueFrom?.secretKeyRef;
      if (ref?.name && /TOKEN/i.test(e.name)) out.push({ name: ref.name, key: ref.key, via: `env ${e.name}` });
    }
  }
  for (const v of podSpec?.volumes ?? []) {
    if (v.secret?.secretName) out.push({ name: v.secret.secretName, via: `volume ${v.name}` });
    for (const s of v.projected?.sources ?? []) if (s.secret?.name) out.push({ name: s.secret.name, via: `volume ${v.name}` });
  }
  return out;
}

export interface RunnerDiscovery {
  /** `kind: RunnerManager` items (apiVersion runner-doctor.io/v1) for the bundle. */
  managers: Obj[];
  managerPods: Obj[];
  jobPods: Obj[];
  jobSecrets: { name: string; type: string; owner?: string; liveOwner: boolean; createdAt?: string }[];
}

/** Finds the runner managers of a namespace, their workloads, config and token sources, job pods and job Secrets. */
export function discoverRunners(
  namespace: string,
  objs: { pods: Obj[]; deployments: Obj[]; configMaps: Obj[]; secrets: Obj[] },
): RunnerDiscovery {
  const managerPods = objs.pods.filter(isRunnerManagerPod);
  const jobPods = objs.pods.filter(isJobPod);
  const podUids = new Set(objs.pods.map((p) => p.metadata?.uid).filter(Boolean));
  const runnerDeployments = objs.deployments.filter(
    (d) =>
      looksLikeRunner(d.metadata?.labels, d.spec?.template?.spec?.containers) ||
      managerPods.some((p) => selects(d.spec?.selector, p.metadata?.labels)),
  );
  const managers: Obj[] = [];
  const claimed = new Set<Obj>();
  const describe = (name: string, workload: Obj | undefined, podSpec: Obj, pods: Obj[]) => {
    for (const p of pods) claimed.add(p);
    const container = (podSpec?.containers ?? []).find((c: Obj) => RUNNER_IMAGE.test(c.image ?? '')) ?? podSpec?.containers?.[0];
    managers.push({
      apiVersion: 'runner-doctor.io/v1',
      kind: 'RunnerManager',
      metadata: { name, namespace },
      spec: {
        ...(workload
          ? {
              workload: {
                kind: 'Deployment',
                name: workload.metadata?.name,
                replicas: workload.spec?.replicas ?? 1,
                readyReplicas: workload.status?.readyReplicas ?? 0,
              },
            }
          : {}),
        ...(container?.image ? { image: container.image } : {}),
        pods: pods.map((p) => ({ name: p.metadata?.name, problems: podProblems(p) })),
        ...(podSpec ? { config: configMountOf(podSpec, objs.configMaps) ?? null, tokenSecrets: tokenSecretsOf(podSpec) } : {}),
      },
    });
  };
  for (const d of runnerDeployments) {
    const pods = managerPods.filter((p) => selects(d.spec?.selector, p.metadata?.labels));
    describe(d.metadata?.name ?? 'unknown', d, d.spec?.template?.spec, pods);
  }
  for (const p of managerPods.filter((pod) => !claimed.has(pod))) describe(p.metadata?.name ?? 'unknown', undefined, p.spec, [p]);
  const jobSecrets = objs.secrets
    .filter((s) => JOB_NAME.test(s.metadata?.name ?? ''))
    .map((s) => {
      const owner = (s.metadata?.ownerReferences ?? []).find((r: Obj) => r.kind === 'Pod');
      return {
        name: s.metadata?.name as string,
        type: s.type ?? 'Opaque',
        ...(owner ? { owner: `${owner.name} (uid ${owner.uid})` } : {}),
        liveOwner: !!owner && podUids.has(owner.uid),
        ...(s.metadata?.creationTimestamp ? { createdAt: s.metadata.creationTimestamp } : {}),
      };
    });
  return { managers, managerPods, jobPods, jobSecrets };
}
