import { runnerTokensOf } from '../../fixes/toml-edit';
import type { KubeObject, LabWorld } from '../world';
import { runnerByToken } from './gitlab-auth';

type PodSpec = { volumes?: { projected?: { sources?: { secret?: { name: string } }[] }; secret?: { secretName: string }; configMap?: { name: string } }[] };

/** The token of the first `[[runners]]` in a mounted ConfigMap's config.toml (raw manifests' way), if any. */
function configMapToken(world: LabWorld, pod: KubeObject): string | undefined {
  const spec = pod.spec as PodSpec | undefined;
  for (const name of (spec?.volumes ?? []).flatMap((v) => (v.configMap ? [v.configMap.name] : []))) {
    const cm = world.kube.objects.find((o) => o.kind === 'ConfigMap' && o.metadata.namespace === pod.metadata.namespace && o.metadata.name === name) as { data?: Record<string, string> } | undefined;
    const text = cm?.data?.['config.toml'];
    if (text === undefined) continue;
    try {
      const token = runnerTokensOf(text).find((r) => r.token)?.token;
      if (token) return token;
    } catch {
      // A config.toml the runner could not parse either: it never gets as far as asking for jobs.
    }
  }
  return undefined;
}

/** The runner token a pod reads from a Secret's `runner-token` key (the Helm chart's way), or from a mounted config.toml. */
function podToken(world: LabWorld, pod: KubeObject): string | undefined {
  const spec = pod.spec as PodSpec | undefined;
  const names = (spec?.volumes ?? []).flatMap((v) => [...(v.secret ? [v.secret.secretName] : []), ...(v.projected?.sources ?? []).flatMap((s) => (s.secret ? [s.secret.name] : []))]);
  for (const name of names) {
    const secret = world.kube.objects.find((o) => o.kind === 'Secret' && o.metadata.namespace === pod.metadata.namespace && o.metadata.name === name) as { data?: Record<string, string> } | undefined;
    const value = secret?.data?.['runner-token'];
    if (value !== undefined) return Buffer.from(value, 'base64').toString('utf8');
  }
  return configMapToken(world, pod);
}

/**
 * What a restarted runner does first: it asks GitLab for jobs with the token from its
 * Secret or its mounted config.toml. A token GitLab knows marks the runner contacted; any other gets 403 in the pod's log,
 * as `Checking for jobs... forbidden`. Pods that take their token elsewhere are left alone.
 */
export function runnerContact(world: LabWorld, gitlabUrl: string, pods: readonly KubeObject[]): void {
  const now = new Date();
  for (const pod of pods) {
    const token = podToken(world, pod);
    if (token === undefined) continue;
    const runner = runnerByToken(world.gitlab, token, now);
    if (runner) {
      runner.contacted_at = now.toISOString();
      runner.status = 'online';
      continue;
    }
    for (const [key, log] of world.kube.logs) {
      if (!key.startsWith(`${pod.metadata.namespace}/${pod.metadata.name}/`) || typeof log !== 'string') continue;
      world.kube.logs.set(key, `${log}${now.toISOString()} ERROR: Checking for jobs... forbidden               runner=${token.replace(/^glrtr?-/, '').slice(0, 8)} status=POST ${gitlabUrl}/api/v4/jobs/request: 403 Forbidden\n`);
    }
  }
}
