import { posix } from 'node:path';
import type { Facts, Located } from '../facts';
import { containersOf, podSpecOf, RUNNER_IMAGE, type KubeObjectFact } from '../extract/kube-objects';
import { isRecord, str } from '../extract/structured';
import { msg, type Message } from '../../../../shared/messages';

/** A runner container whose config directory cannot be written. */
export interface ReadOnlyConfigDir {
  workload: KubeObjectFact;
  container: string;
  dir: string;
  /** `ConfigMap gitlab-runner-config mounted at /etc/gitlab-runner`. */
  how: Message;
  configMapName?: string;
  evidence: Located[];
}

const WORKLOADS = ['Deployment', 'StatefulSet', 'DaemonSet'];

/** Workloads to inspect: controllers, and pods only when their controller is not in the evidence. */
function runnerWorkloads(facts: Facts): KubeObjectFact[] {
  const controllers = facts.kubeObjects.filter((o) => WORKLOADS.includes(o.kind));
  const names = controllers.map((c) => c.name);
  const pods = facts.kubeObjects.filter((o) => {
    if (o.kind !== 'Pod') return false;
    const meta = isRecord(o.object.metadata) ? o.object.metadata : {};
    const owners = Array.isArray(meta.ownerReferences) ? meta.ownerReferences : [];
    const ownerName = owners.map((r) => (isRecord(r) ? str(r.name) : undefined)).find(Boolean);
    return !ownerName || !names.some((n) => ownerName === n || ownerName.startsWith(`${n}-`));
  });
  return [...controllers, ...pods.slice(0, 5)];
}

function configDirsOf(container: Record<string, unknown>): string[] {
  const argv = [container.command, container.args].flatMap((a) => (Array.isArray(a) ? a : [])).map(String).join(' ');
  const flag = /(?:--config|(?:^|\s)-c)[=\s]+["']?([^\s"']+)/.exec(argv)?.[1];
  const env = Array.isArray(container.env) ? container.env.filter(isRecord) : [];
  const fromEnv = str(env.find((e) => e.name === 'CONFIG_FILE')?.value);
  const path = flag ?? fromEnv;
  if (path) return [posix.dirname(path)];
  const home = str(env.find((e) => e.name === 'HOME')?.value) ?? '/home/gitlab-runner';
  return ['/etc/gitlab-runner', posix.join(home, '.gitlab-runner')];
}

/**
 * Runner containers whose config directory is a read-only mount: a ConfigMap, Secret or
 * projected volume (always read-only) or a mount marked readOnly, at the config directory or
 * on config.toml itself. The Helm chart's layout (ConfigMap at /configmaps, copied into a
 * writable emptyDir at ~/.gitlab-runner) passes.
 */
export function readOnlyConfigDirs(facts: Facts): ReadOnlyConfigDir[] {
  const out: ReadOnlyConfigDir[] = [];
  for (const workload of runnerWorkloads(facts)) {
    const pod = podSpecOf(workload);
    if (!pod) continue;
    const volumes = Array.isArray(pod.spec.volumes) ? pod.spec.volumes : [];
    for (const { container, path, init } of containersOf(workload)) {
      if (init || !RUNNER_IMAGE.test(str(container.image) ?? '')) continue;
      const mounts = Array.isArray(container.volumeMounts) ? container.volumeMounts : [];
      for (const dir of configDirsOf(container)) {
        const m = mounts.findIndex((mt) => isRecord(mt) && (mt.mountPath === dir || mt.mountPath === `${dir}/config.toml`));
        const mount = mounts[m];
        if (!isRecord(mount)) continue;
        const v = volumes.findIndex((vol) => isRecord(vol) && vol.name === mount.name);
        const volume = isRecord(volumes[v]) ? (volumes[v] as Record<string, unknown>) : {};
        const source = ['configMap', 'secret', 'projected', 'downwardAPI'].find((k) => k in volume);
        if (!source && mount.readOnly !== true) continue;
        const configMapName = isRecord(volume.configMap) ? str(volume.configMap.name) : undefined;
        const at = String(mount.mountPath);
        const how =
          source === 'configMap'
            ? configMapName
              ? msg('config-dir-read-only.how.configMap', { name: configMapName, path: at })
              : msg('config-dir-read-only.how.configMap.unnamed', { path: at })
            : source
              ? msg('config-dir-read-only.how.volume', { kind: source, name: String(volume.name), path: at })
              : msg('config-dir-read-only.how.readOnly', { name: String(mount.name), path: at });
        out.push({
          workload,
          container: str(container.name) ?? '',
          dir,
          how,
          ...(configMapName ? { configMapName } : {}),
          evidence: [workload.at([...path, 'volumeMounts', m, 'mountPath']), ...(v >= 0 ? [workload.at([...pod.path, 'volumes', v, source ?? 'name'])] : [])],
        });
        break;
      }
    }
  }
  return out;
}
