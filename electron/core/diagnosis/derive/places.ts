import { parseEvidencePath } from '../../../../shared/evidence-layout';
import { targetId, type SourceTarget } from '../../../../shared/source-ids';

/** A place evidence comes from: a Kubernetes namespace or an SSH host. */
export type Place = Extract<SourceTarget, { kind: 'kube' | 'ssh' }>;

/**
 * Where a piece of evidence was collected, read from the bundle's layout: a Kubernetes
 * namespace or an SSH host, typed. A loose file given to `analyze` has no place.
 */
export function placeTargetOf(file: string): Place | undefined {
  const at = parseEvidencePath(file);
  if (at?.source === 'kube') return { kind: 'kube', context: at.context, namespace: at.namespace };
  return at?.source === 'ssh' ? { kind: 'ssh', alias: at.host } : undefined;
}

/** The same place as its source id (`kube:ctx/ns`, `ssh:alias`), for grouping and comparing. */
export function placeOf(file: string): string | undefined {
  const at = placeTargetOf(file);
  return at && targetId(at);
}

/** The GitLab runner an API answer is about (`gitlab/runners/<id>…`). */
export function gitlabRunnerOf(file: string): string | undefined {
  const at = parseEvidencePath(file);
  return at?.source === 'gitlab' ? at.runnerId : undefined;
}

/** The GitLab job whose log a file holds: the collector's `gitlab/jobs/<id>-trace-tail.log`. */
export function gitlabJobTraceOf(file: string): number | undefined {
  const id = /(?:^|\/)gitlab\/jobs\/(\d+)-trace(?:-tail)?\.log$/.exec(file)?.[1];
  return id ? Number(id) : undefined;
}

/** Evidence from one place belongs with facts from that place; a loose file goes with anything. */
export function samePlace(a: string, b: string): boolean {
  const pa = placeOf(a);
  const pb = placeOf(b);
  return !pa || !pb || pa === pb;
}
