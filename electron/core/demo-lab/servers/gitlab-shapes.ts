import type { LabJob, LabRunner } from '../world';

/** Response shapes as GitLab's REST API returns them (doc/api/runners.md, doc/api/jobs.md). */
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

export function runnerDetail(r: LabRunner, jobs: LabJob[]) {
  return {
    ...runnerListItem(r),
    tag_list: r.tag_list,
    run_untagged: r.tag_list.length === 0,
    locked: false,
    maximum_timeout: null,
    access_level: 'not_protected',
    maintenance_note: null,
    contacted_at: r.contacted_at,
    job_execution_status: jobs.some((j) => j.runnerId === r.id && j.status === 'running') ? 'active' : 'idle',
    projects: [],
    groups: [],
  };
}

export function jobShape(j: LabJob, gitlabUrl: string, runner: LabRunner | undefined) {
  const duration = j.startedAt ? ((j.finishedAt ? Date.parse(j.finishedAt) : Date.now()) - Date.parse(j.startedAt)) / 1000 : null;
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
    duration,
    queued_duration: 1.2,
    user: { id: 1, username: 'root', name: 'Administrator', state: 'active' },
    commit: { id: 'b83d6e391c22777fca1ed3012fce84f633d7fed0', short_id: 'b83d6e39', title: 'Update .gitlab-ci.yml' },
    pipeline: { id: j.pipelineId, iid: j.pipelineId % 1000, project_id: j.projectId, ref: j.ref, sha: 'b83d6e391c22777fca1ed3012fce84f633d7fed0', status: j.status === 'running' ? 'running' : j.status },
    web_url: `${gitlabUrl}/${j.projectPath}/-/jobs/${j.id}`,
    project: { ci_job_token_scope_enabled: false },
    artifacts: [],
    runner: runner ? runnerListItem(runner) : null,
    runner_manager: runner?.managers[0] ? { id: runner.managers[0].id, system_id: runner.managers[0].system_id, version: runner.managers[0].version, status: runner.managers[0].status } : null,
    artifacts_expire_at: null,
    archived: false,
    tag_list: runner?.tag_list ?? [],
  };
}
