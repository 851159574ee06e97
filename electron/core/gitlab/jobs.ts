import { msg } from '../../../shared/messages';
import type { GitlabClient, GitlabResponse } from './client';
import { GitlabError } from './errors';
import { pick } from './whoami';

export interface JobDetail {
  id: number;
  status: string;
  name?: string;
  stage?: string;
  started_at?: string | null;
  finished_at?: string | null;
  duration?: number | null;
  web_url?: string;
  pipeline?: { id: number; project_id?: number };
  project?: { id?: number; path_with_namespace?: string };
  runner?: { id: number } | null;
  runner_manager?: { id: number; system_id: string } | null;
}

export interface ProjectTimeout {
  id: number;
  name?: string;
  path_with_namespace?: string;
  build_timeout?: number;
  web_url?: string;
}

/** Project fields worth keeping: the job timeout and names. `runners_token` and the rest stay out. */
export const PROJECT_FIELDS = ['id', 'name', 'path_with_namespace', 'build_timeout', 'web_url'] as const;

const READ = ['read_api', 'api'];

export function getJob(
  client: GitlabClient,
  projectId: number | string,
  jobId: number,
  signal?: AbortSignal,
): Promise<GitlabResponse<JobDetail>> {
  return client.get<JobDetail>(`/projects/${encodeURIComponent(String(projectId))}/jobs/${jobId}`, {
    ...(signal ? { signal } : {}),
    needs: { scopes: READ, role: msg('gitlab.role.reporterOnProject') },
  });
}

/**
 * The last `bytes` of a job's log, read as a stream so a huge trace never sits in memory.
 * Undefined when the job has no log (GitLab answers 404 or an empty body).
 */
export async function getTraceTail(
  client: GitlabClient,
  projectId: number | string,
  jobId: number,
  bytes: number,
  signal?: AbortSignal,
): Promise<{ text: string; truncated: boolean; bytes: number } | undefined> {
  try {
    const res = await client.get<string>(`/projects/${encodeURIComponent(String(projectId))}/jobs/${jobId}/trace`, {
      ...(signal ? { signal } : {}),
      textTailBytes: bytes,
      needs: { scopes: READ, role: msg('gitlab.role.reporterOnProject') },
    });
    if (!res.body) return undefined;
    return { text: res.body, truncated: res.truncated ?? false, bytes: res.bytes ?? res.body.length };
  } catch (err) {
    if (err instanceof GitlabError && err.code === 'not-found') return undefined;
    throw err;
  }
}

export async function getProjectTimeout(
  client: GitlabClient,
  projectId: number,
  signal?: AbortSignal,
): Promise<GitlabResponse<ProjectTimeout>> {
  const res = await client.get<ProjectTimeout>(`/projects/${projectId}`, {
    ...(signal ? { signal } : {}),
    needs: { scopes: READ, role: msg('gitlab.role.guestOnProject') },
  });
  return { ...res, body: pick(res.body, PROJECT_FIELDS) as ProjectTimeout };
}
