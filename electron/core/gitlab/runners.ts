import { msg } from '../../../shared/messages';
import type { GitlabClient, GitlabResponse, PageResult } from './client';
import { GitlabError } from './errors';

export type RunnerStatus = 'online' | 'offline' | 'stale' | 'never_contacted' | 'active' | 'paused';

export interface RunnerListItem {
  id: number;
  description: string | null;
  status: RunnerStatus;
  paused?: boolean;
  runner_type?: string;
  online?: boolean | null;
  name?: string | null;
}

export interface RunnerDetail extends RunnerListItem {
  contacted_at: string | null;
  tag_list?: string[];
  maximum_timeout?: number | null;
  job_execution_status?: string;
}

export interface RunnerManager {
  id: number;
  system_id: string;
  version?: string;
  revision?: string;
  platform?: string;
  architecture?: string;
  created_at?: string;
  contacted_at: string | null;
  ip_address?: string | null;
  status: RunnerStatus;
  job_execution_status?: string;
}

export interface RunnerInventory {
  /** `all` needs an administrator (or auditor); otherwise the token user's own runners. */
  scope: 'all' | 'owned';
  path: string;
  list: PageResult<RunnerListItem>;
}

const READ = ['read_api', 'api'];

/** Every runner the token may see: /runners/all for an administrator, else /runners. */
export async function listRunners(
  client: GitlabClient,
  opts: { signal?: AbortSignal; maxPages?: number; status?: string } = {},
): Promise<RunnerInventory> {
  const query = opts.status ? { status: opts.status } : undefined;
  const common = {
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(query ? { query } : {}),
    ...(opts.maxPages ? { maxPages: opts.maxPages } : {}),
  };
  try {
    const list = await client.getAll<RunnerListItem>('/runners/all', {
      ...common,
      needs: { scopes: READ, role: msg('gitlab.role.adminOrAuditor') },
    });
    return { scope: 'all', path: '/runners/all', list };
  } catch (err) {
    if (!(err instanceof GitlabError) || err.code !== 'forbidden') throw err;
  }
  const list = await client.getAll<RunnerListItem>('/runners', { ...common, needs: { scopes: READ } });
  return { scope: 'owned', path: '/runners', list };
}

export function getRunner(client: GitlabClient, id: number, signal?: AbortSignal): Promise<GitlabResponse<RunnerDetail>> {
  return client.get<RunnerDetail>(`/runners/${id}`, {
    ...(signal ? { signal } : {}),
    needs: { scopes: READ, role: msg('gitlab.role.maintainerOnRunner') },
  });
}

export async function getRunnerManagers(client: GitlabClient, id: number, signal?: AbortSignal): Promise<PageResult<RunnerManager>> {
  return client.getAll<RunnerManager>(`/runners/${id}/managers`, {
    ...(signal ? { signal } : {}),
    needs: { scopes: READ, role: msg('gitlab.role.maintainerOnRunner') },
  });
}

export function getRunningJobs<T = Record<string, unknown>>(
  client: GitlabClient,
  id: number,
  signal?: AbortSignal,
): Promise<PageResult<T>> {
  return client.getAll<T>(`/runners/${id}/jobs`, {
    query: { status: 'running' },
    ...(signal ? { signal } : {}),
    needs: { scopes: READ, role: msg('gitlab.role.reporterOnJobs') },
  });
}

export interface RunnerHealth {
  status: RunnerStatus;
  lastContact: string | null;
  /** Managers (hosts/pods) not online, by system_id. */
  managersNotOnline: string[];
  healthy: boolean;
}

/** One line of truth for "is this runner working": its own status and its managers'. */
export function runnerHealth(
  runner: Pick<RunnerDetail, 'status' | 'paused'> & { contacted_at?: string | null },
  managers: readonly RunnerManager[] = [],
): RunnerHealth {
  const notOnline = managers.filter((m) => m.status !== 'online').map((m) => m.system_id);
  const lastContact =
    [runner.contacted_at ?? null, ...managers.map((m) => m.contacted_at)]
      .filter((v): v is string => !!v)
      .sort()
      .at(-1) ?? null;
  return {
    status: runner.status,
    lastContact,
    managersNotOnline: notOnline,
    healthy: runner.status === 'online' && (managers.length === 0 || notOnline.length < managers.length),
  };
}
