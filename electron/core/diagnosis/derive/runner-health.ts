import type { Facts, Located } from '../facts';

export const DOWN_STATUSES = new Set(['offline', 'stale', 'never_contacted', 'not_connected']);

export interface RunnerHealth {
  runnerId: number;
  online: boolean;
  status: string;
  contactedAt?: string;
  description?: string;
  evidence: Located[];
  managersOnline: number;
  managersDown: number;
}

/**
 * A runner's state as GitLab reports it: the runner's own status, and its managers (one per
 * host or pod). A runner is up while any manager is online: on Kubernetes every pod restart
 * registers a new manager, and the old ones go stale without anything being wrong.
 */
export function runnerHealth(facts: Facts, runnerId: number): RunnerHealth | undefined {
  const runner = facts.gitlab.runners.get(runnerId);
  const managers = facts.gitlab.managers.filter((m) => m.runnerId === runnerId);
  if (!runner && !managers.length) return undefined;
  const online = managers.filter((m) => m.status === 'online');
  const down = managers.filter((m) => m.status && DOWN_STATUSES.has(m.status));
  const runnerDown = runner?.status ? DOWN_STATUSES.has(runner.status) : undefined;
  const isOnline = online.length > 0 || runnerDown === false || (runnerDown === undefined && down.length === 0);
  const latest = [runner?.contactedAt, ...managers.map((m) => m.contactedAt)].filter((c): c is string => !!c).sort().pop();
  return {
    runnerId,
    online: isOnline,
    status: runner?.status ?? (online.length ? 'online' : down[0]?.status ?? 'unknown'),
    ...(latest ? { contactedAt: latest } : {}),
    ...(runner?.description ? { description: runner.description } : {}),
    evidence: [...(runner ? [runner] : []), ...down.slice(0, 4)],
    managersOnline: online.length,
    managersDown: down.length,
  };
}
