import { inspect } from 'node:util';
import type { GitlabClient } from './client';
import { GitlabError } from './errors';
import type { JobDetail } from './jobs';
import { msg, type Message } from '../../../shared/messages';

/**
 * Write operations for the fixes layer. Each is one HTTP request, never retried: a token reset
 * is not idempotent (the old token dies at once, so a lost answer cannot be repeated with it).
 * When the answer is lost the error has `details.outcomeUnknown` and says to check GitLab.
 */

/** A token GitLab shows once. Kept out of logs, JSON and inspection; read it with `reveal()`. */
export class NewRunnerToken {
  readonly #token: string;
  constructor(
    token: string,
    readonly runnerId: number | undefined,
    readonly expiresAt: string | null,
  ) {
    this.#token = token;
  }

  reveal(): string {
    return this.#token;
  }

  toJSON(): { runnerId: number | undefined; expiresAt: string | null; token: string } {
    return { runnerId: this.runnerId, expiresAt: this.expiresAt, token: '[hidden]' };
  }

  toString(): string {
    return `[runner token for ${this.runnerId ?? 'runner'}, hidden]`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

interface TokenAnswer {
  id?: number;
  token?: unknown;
  token_expires_at?: string | null;
}

function toNewToken(body: TokenAnswer | null, what: Message, runnerId?: number): NewRunnerToken {
  if (!body || typeof body.token !== 'string' || !body.token) {
    throw new GitlabError('bad-response', msg('gitlab.write.noToken', { what }), { outcomeUnknown: true });
  }
  return new NewRunnerToken(body.token, body.id ?? runnerId, body.token_expires_at ?? null);
}

const MANAGE_RUNNER = {
  scopes: ['manage_runner', 'api'],
  role: msg('gitlab.role.manageRunner'),
};

/** POST /runners/:id/reset_authentication_token with the client's PAT (scope manage_runner or api). */
export async function resetRunnerTokenById(client: GitlabClient, runnerId: number, signal?: AbortSignal): Promise<NewRunnerToken> {
  if (!Number.isInteger(runnerId) || runnerId <= 0)
    throw new GitlabError('invalid-input', msg('gitlab.write.badRunnerId', { id: String(runnerId) }));
  const res = await client.post<TokenAnswer>(`/runners/${runnerId}/reset_authentication_token`, {
    retry: false,
    needs: MANAGE_RUNNER,
    ...(signal ? { signal } : {}),
  });
  return toNewToken(res.body, msg('gitlab.write.tokenResetOf', { runnerId }), runnerId);
}

/** POST /runners/reset_authentication_token with the current runner token in the body (no PAT). */
export async function resetRunnerTokenWithCurrent(
  client: GitlabClient,
  currentToken: string,
  signal?: AbortSignal,
): Promise<NewRunnerToken> {
  const token = currentToken.trim();
  if (!token) throw new GitlabError('invalid-input', msg('gitlab.write.currentTokenEmpty'));
  const res = await client.post<TokenAnswer>('/runners/reset_authentication_token', {
    auth: false,
    body: { token },
    retry: false,
    okStatuses: [403],
    ...(signal ? { signal } : {}),
  });
  if (res.status === 403) {
    throw new GitlabError(
      'forbidden',
      msg('gitlab.write.resetRefused'),
      { status: 403, method: 'POST', path: '/runners/reset_authentication_token' },
    );
  }
  return toNewToken(res.body, msg('gitlab.write.tokenReset'));
}

export interface CreateRunnerInput {
  runnerType: 'instance_type' | 'group_type' | 'project_type';
  groupId?: number;
  projectId?: number;
  description?: string;
  tagList?: string[];
  runUntagged?: boolean;
  paused?: boolean;
  locked?: boolean;
  accessLevel?: 'not_protected' | 'ref_protected';
  maximumTimeout?: number;
  maintenanceNote?: string;
}

/** POST /user/runners (scope create_runner or api): a new runner and its glrt- token, shown once. */
export async function createRunner(client: GitlabClient, input: CreateRunnerInput, signal?: AbortSignal): Promise<NewRunnerToken> {
  if (input.runnerType === 'group_type' && !input.groupId) throw new GitlabError('invalid-input', 'A group runner needs a group id.');
  if (input.runnerType === 'project_type' && !input.projectId)
    throw new GitlabError('invalid-input', 'A project runner needs a project id.');
  const body: Record<string, unknown> = {
    runner_type: input.runnerType,
    ...(input.runnerType === 'group_type' ? { group_id: input.groupId } : {}),
    ...(input.runnerType === 'project_type' ? { project_id: input.projectId } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.tagList ? { tag_list: input.tagList.join(',') } : {}),
    ...(input.runUntagged !== undefined ? { run_untagged: input.runUntagged } : {}),
    ...(input.paused !== undefined ? { paused: input.paused } : {}),
    ...(input.locked !== undefined ? { locked: input.locked } : {}),
    ...(input.accessLevel ? { access_level: input.accessLevel } : {}),
    ...(input.maximumTimeout !== undefined ? { maximum_timeout: input.maximumTimeout } : {}),
    ...(input.maintenanceNote !== undefined ? { maintenance_note: input.maintenanceNote } : {}),
  };
  const res = await client.post<TokenAnswer>('/user/runners', {
    body,
    retry: false,
    needs: {
      scopes: ['create_runner', 'api'],
      role: msg(input.runnerType === 'instance_type' ? 'gitlab.role.admin' : input.runnerType === 'group_type' ? 'gitlab.role.ownerOnGroup' : 'gitlab.role.maintainerOnProject'),
    },
    ...(signal ? { signal } : {}),
  });
  return toNewToken(res.body, msg('gitlab.write.newRunner'));
}

/**
 * POST /projects/:id/jobs/:job_id/cancel. `force` (GitLab 17.2+, Maintainer role) moves a job
 * stuck in `canceling` to `canceled`. Returns the job as GitLab reports it afterwards.
 */
export async function cancelJob(
  client: GitlabClient,
  projectId: number | string,
  jobId: number,
  opts: { force?: boolean; signal?: AbortSignal } = {},
): Promise<JobDetail> {
  const res = await client.post<JobDetail>(`/projects/${encodeURIComponent(String(projectId))}/jobs/${jobId}/cancel`, {
    ...(opts.force ? { query: { force: true } } : {}),
    retry: false,
    needs: { scopes: ['api'], role: msg(opts.force ? 'gitlab.role.maintainerOnProjectForce' : 'gitlab.role.developerOnProject') },
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  if (!res.body || typeof res.body.status !== 'string')
    throw new GitlabError('bad-response', msg('gitlab.write.cancelNotJob', { jobId }));
  return res.body;
}
