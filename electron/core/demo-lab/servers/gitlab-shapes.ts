import type { LabJob, LabProject, LabRunner, LabRunnerManager, LabUser } from '../world';

/** Response shapes as GitLab's REST API returns them (doc/api/runners.md, doc/api/jobs.md, lib/api/entities). */
export function runnerListItem(r: LabRunner) {
  return {
    id: r.id,
    description: r.description,
    ip_address: r.managers[0]?.ip_address ?? null,
    active: !r.paused,
    paused: r.paused,
    is_shared: r.runner_type === 'instance_type',
    runner_type: r.runner_type,
    name: 'gitlab-runner',
    online: r.status === 'online',
    status: r.status,
  };
}

function jobExecutionStatus(runnerId: number, jobs: LabJob[]): 'active' | 'idle' {
  return jobs.some((j) => j.runnerId === runnerId && j.status === 'running') ? 'active' : 'idle';
}

export function runnerDetail(r: LabRunner, jobs: LabJob[], projects: readonly LabProject[] = []) {
  const newest = [...r.managers].sort((a, b) => (b.contacted_at ?? '').localeCompare(a.contacted_at ?? ''))[0];
  return {
    ...runnerListItem(r),
    tag_list: r.tag_list,
    run_untagged: r.run_untagged ?? r.tag_list.length === 0,
    locked: r.locked ?? false,
    maximum_timeout: r.maximum_timeout ?? null,
    access_level: r.access_level ?? 'not_protected',
    // Deprecated since 17.0 (read the managers instead), still returned.
    version: newest?.version ?? null,
    revision: newest?.revision ?? null,
    platform: newest?.platform ?? null,
    architecture: newest?.architecture ?? null,
    maintenance_note: null,
    created_at: r.created_at ?? '2025-06-01T09:00:00.000Z',
    created_by: null,
    contacted_at: r.contacted_at,
    job_execution_status: jobExecutionStatus(r.id, jobs),
    // Entities::Ci::RunnerDetails: the projects and groups a project or group runner belongs to.
    projects: (r.projectIds ?? []).flatMap((id) => {
      const p = projects.find((x) => x.id === id);
      return p ? [{ id: p.id, name: p.name, name_with_namespace: p.path_with_namespace.split('/').join(' / '), path: p.path_with_namespace.split('/').at(-1), path_with_namespace: p.path_with_namespace }] : [];
    }),
    groups: (r.groupIds ?? []).map((id) => ({ id, web_url: '', name: `group-${id}` })),
  };
}

export function managerShape(m: LabRunnerManager, runnerId: number, jobs: LabJob[]) {
  return {
    id: m.id,
    system_id: m.system_id,
    version: m.version,
    revision: m.revision,
    platform: m.platform,
    architecture: m.architecture,
    created_at: m.created_at,
    contacted_at: m.contacted_at,
    ip_address: m.ip_address,
    status: m.status,
    job_execution_status: jobExecutionStatus(runnerId, jobs),
  };
}

function duration(j: LabJob): number | null {
  return j.startedAt ? ((j.finishedAt ? Date.parse(j.finishedAt) : Date.now()) - Date.parse(j.startedAt)) / 1000 : null;
}

function pipelineShape(j: LabJob) {
  const status = j.status === 'canceling' ? 'canceling' : j.status;
  return {
    id: j.pipelineId,
    iid: j.pipelineId % 1000,
    project_id: j.projectId,
    ref: j.ref,
    sha: 'b83d6e391c22777fca1ed3012fce84f633d7fed0',
    status,
    source: 'push',
  };
}

/** Entities::Ci::JobBasic: the fields every job answer starts with. */
function jobBasic(j: LabJob) {
  return {
    id: j.id,
    status: j.status,
    stage: j.stage,
    name: j.name,
    ref: j.ref,
    tag: false,
    coverage: null,
    allow_failure: false,
    created_at: j.createdAt,
    started_at: j.startedAt,
    finished_at: j.finishedAt,
    erased_at: null,
    duration: duration(j),
    queued_duration: 1.2,
    user: { id: 1, username: 'root', name: 'Administrator', state: 'active' },
    commit: { id: 'b83d6e391c22777fca1ed3012fce84f633d7fed0', short_id: 'b83d6e39', title: 'Update .gitlab-ci.yml' },
    pipeline: pipelineShape(j),
  };
}

/** Entities::Ci::Job (GET /projects/:id/jobs/:job_id). */
export function jobShape(j: LabJob, gitlabUrl: string, runner: LabRunner | undefined) {
  const manager = runner?.managers[0];
  return {
    ...jobBasic(j),
    failure_reason: j.status === 'failed' ? 'script_failure' : undefined,
    web_url: `${gitlabUrl}/${j.projectPath}/-/jobs/${j.id}`,
    project: { ci_job_token_scope_enabled: false },
    artifacts: [],
    runner: runner ? runnerListItem(runner) : null,
    runner_manager: manager
      ? {
          id: manager.id,
          system_id: manager.system_id,
          version: manager.version,
          revision: manager.revision,
          platform: manager.platform,
          architecture: manager.architecture,
          created_at: manager.created_at,
          contacted_at: manager.contacted_at,
          ip_address: manager.ip_address,
          status: manager.status,
        }
      : null,
    artifacts_expire_at: null,
    archived: false,
    tag_list: runner?.tag_list ?? [],
  };
}

/** Entities::Ci::JobBasicWithProject (GET /runners/:id/jobs). */
export function jobBasicWithProject(j: LabJob, gitlabUrl: string) {
  const [namespace, ...rest] = j.projectPath.split('/');
  return {
    ...jobBasic(j),
    web_url: `${gitlabUrl}/${j.projectPath}/-/jobs/${j.id}`,
    project: {
      id: j.projectId,
      name: rest.join('/') || j.projectPath,
      name_with_namespace: `${namespace} / ${rest.join(' / ')}`,
      path: rest.at(-1) ?? j.projectPath,
      path_with_namespace: j.projectPath,
      created_at: '2024-03-01T10:00:00.000Z',
    },
  };
}

/** GET /projects/:id, a realistic subset; `runners_token` appears for maintainers, as on GitLab. */
/** GET /projects/:id; `permissions` shows the caller's own access level (null where it has none). */
export function projectShape(p: LabProject, gitlabUrl: string, showRunnersToken: boolean, accessLevel?: number) {
  return {
    id: p.id,
    description: null,
    name: p.name,
    name_with_namespace: p.path_with_namespace.split('/').join(' / '),
    path: p.path_with_namespace.split('/').at(-1),
    path_with_namespace: p.path_with_namespace,
    created_at: '2024-03-01T10:00:00.000Z',
    default_branch: 'main',
    web_url: `${gitlabUrl}/${p.path_with_namespace}`,
    visibility: 'private',
    build_timeout: p.build_timeout,
    shared_runners_enabled: true,
    ...(showRunnersToken && p.runners_token ? { runners_token: p.runners_token } : {}),
    ci_config_path: null,
    permissions: { project_access: accessLevel === undefined ? null : { access_level: accessLevel, notification_level: 3 }, group_access: null },
  };
}

/** GET /user: `is_admin` only for administrators; email is personal data a collector must not keep. */
export function userShape(u: LabUser, gitlabUrl: string) {
  return {
    id: u.id ?? 1,
    username: u.username,
    name: u.name ?? u.username,
    state: 'active',
    locked: false,
    avatar_url: null,
    web_url: `${gitlabUrl}/${u.username}`,
    created_at: '2024-01-10T08:00:00.000Z',
    bot: false,
    email: `${u.username}@example.com`,
    ...(u.admin ? { is_admin: true } : {}),
  };
}

export function tokenSelfShape(u: LabUser) {
  return {
    id: u.id ?? 1,
    name: `${u.username}-token`,
    revoked: u.revoked ?? false,
    created_at: '2026-01-01T00:00:00.000Z',
    description: null,
    scopes: u.scopes,
    user_id: u.id ?? 1,
    last_used_at: null,
    active: true,
    expires_at: u.expiresAt,
  };
}
