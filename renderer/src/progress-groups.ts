import type { SourceProgress } from './store';

export interface ProgressGroup {
  /** The target's own source id (`kube:ctx/ns`, `ssh:alias`, `gitlab:host`…). */
  key: string;
  label: string;
  /** The target's own row first, then its parts (pods), by name. */
  rows: SourceProgress[];
  counts: { total: number; done: number; failed: number; running: number; cancelled: number };
}

const KINDS: [prefix: string, label: string][] = [
  ['kube:', 'Kubernetes'],
  ['ssh:', 'SSH'],
  ['gitlab:', 'GitLab'],
  ['files:', 'Files'],
];

export function targetLabel(source: string): string {
  for (const [prefix, label] of KINDS) if (source.startsWith(prefix)) return `${label} ${source.slice(prefix.length)}`;
  return source;
}

/**
 * Groups progress rows by target: a pod's source `kube:<ctx>/<ns>/<pod>` goes under its
 * namespace's `kube:<ctx>/<ns>`. Matched by prefix against the sources seen, so context names
 * with slashes (EKS ARNs) group right too.
 */
export function groupProgress(rows: readonly SourceProgress[]): ProgressGroup[] {
  const ids = rows.map((r) => r.source);
  const parentOf = (source: string): string => {
    let best = source;
    for (const id of ids) if (id !== source && source.startsWith(`${id}/`) && (best === source || id.length < best.length)) best = id;
    return best;
  };
  const groups = new Map<string, SourceProgress[]>();
  for (const row of rows) {
    const key = parentOf(row.source);
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, members]) => {
      const own = members.filter((r) => r.source === key);
      const parts = members.filter((r) => r.source !== key).sort((a, b) => a.source.localeCompare(b.source));
      const counted = parts.length ? parts : own;
      const count = (state: SourceProgress['state']) => counted.filter((r) => r.state === state).length;
      return {
        key,
        label: targetLabel(key),
        rows: [...own, ...parts],
        counts: {
          total: counted.length,
          done: count('done'),
          failed: count('failed'),
          running: count('running'),
          cancelled: count('cancelled'),
        },
      };
    });
}
