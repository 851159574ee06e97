import { targetId, targetLabel, type ProgressSource, type SourceTarget } from './source-ids';
import type { Message } from './messages';

/** One source's latest progress, as the collectors report it (the window and the CLI alike). */
export interface SourceProgress {
  /** The row's id (ProgressSource.id). */
  source: string;
  target: SourceTarget;
  /** Set for a part of the target (a pod): its name. */
  part?: string;
  state: 'pending' | 'running' | 'done' | 'failed' | 'cancelled';
  message: string;
  /** The message as an id and parameters, when the collector gave one (for a reader in another language). */
  text?: Message;
  done?: number;
  total?: number;
}

export interface ProgressGroup<R extends SourceProgress = SourceProgress> {
  /** The target's own source id (`kube:ctx/ns`, `ssh:alias`, `gitlab:host`…). */
  key: string;
  target: SourceTarget;
  label: string;
  /** The target's own row first, then its parts (pods), by name. */
  rows: R[];
  /** The target's own row, when the collector reports one. */
  own?: R;
  /** Its parts (pods), by name. */
  parts: R[];
  /** The target's state: its own row's, else the least settled of its parts'. */
  state: SourceProgress['state'];
  counts: { total: number; done: number; failed: number; running: number; cancelled: number };
}

/** Groups progress rows by their typed target: a pod's row goes under its namespace's. */
export function groupProgress<R extends SourceProgress>(rows: readonly R[]): ProgressGroup<R>[] {
  const groups = new Map<string, { target: SourceTarget; members: R[] }>();
  for (const row of rows) {
    const key = targetId(row.target);
    const group = groups.get(key) ?? { target: row.target, members: [] };
    group.members.push(row);
    groups.set(key, group);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, { target, members }]) => {
      const own = members.filter((r) => r.part === undefined);
      const parts = members.filter((r) => r.part !== undefined).sort((a, b) => a.source.localeCompare(b.source));
      const counted = parts.length ? parts : own;
      const count = (state: SourceProgress['state']) => counted.filter((r) => r.state === state).length;
      return {
        key,
        target,
        label: targetLabel(target),
        rows: [...own, ...parts],
        ...(own[0] ? { own: own[0] } : {}),
        parts,
        state: own[0]?.state ?? leastSettled(parts),
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

const ORDER: SourceProgress['state'][] = ['running', 'pending', 'failed', 'cancelled', 'done'];

function leastSettled(rows: readonly SourceProgress[]): SourceProgress['state'] {
  return ORDER.find((state) => rows.some((r) => r.state === state)) ?? 'pending';
}

/** How many targets (groups, as groupProgress makes them) a list of announced sources names. */
export function countTargets(sources: readonly Pick<ProgressSource, 'target'>[]): number {
  return new Set(sources.map((s) => targetId(s.target))).size;
}

/** Whether a state is final. */
export function isSettled(state: SourceProgress['state']): boolean {
  return state !== 'pending' && state !== 'running';
}
