import type { Finding } from '../../../shared/findings';
import { sleep } from '../gitlab/retry';
import type { Facts } from '../diagnosis/facts';
import { projectRoleCheck, scopeCheck } from './gitlab-access';
import { FixInputError, type FixContext, type FixDefinition, type FixPlan, type TargetFilter } from './fix-definition';
import { check, english, msg } from './fix-text';

interface JobData {
  projectId: number;
  jobId: number;
  status: string;
}

interface JobAnswer {
  id: number;
  status: string;
  name?: string;
  web_url?: string;
}

/** States in which a job still holds its pipeline and can be cancelled. */
const LIVE = new Set(['created', 'pending', 'running', 'canceling']);
/** How long a graceful cancel may stay `canceling` before the force call. */
const CANCELING_GRACE_MS = 2_000;

/** Job ids a finding names (title, summary, subject) that the GitLab evidence knows. */
function jobsOf(finding: Finding, facts: Facts): number[] {
  const text = `${finding.subject ?? ''} ${finding.title} ${finding.summary}`;
  const ids = [...text.matchAll(/\b(\d{3,})\b/g)].map((m) => Number(m[1]));
  return [...new Set(ids)].filter((id) => facts.gitlabJobs.has(id));
}

const jobPath = (d: Pick<JobData, 'projectId' | 'jobId'>) => `/projects/${d.projectId}/jobs/${d.jobId}`;

async function readJob(ctx: FixContext, d: Pick<JobData, 'projectId' | 'jobId'>): Promise<JobAnswer> {
  const client = await ctx.connections.gitlab();
  return (await client.get<JobAnswer>(jobPath(d), { signal: ctx.signal, needs: { scopes: ['api', 'read_api'], role: 'reporter' } })).body;
}

async function planJob(ctx: FixContext, findingId: string, projectId: number, jobId: number): Promise<FixPlan<JobData> | undefined> {
  const job = await readJob(ctx, { projectId, jobId });
  if (!LIVE.has(job.status)) return undefined;
  const url = ctx.connections.gitlabTarget?.url ?? '';
  const call = `POST /api/v4${jobPath({ projectId, jobId })}/cancel`;
  const title = msg('plan.cancelJob.title', { jobId, status: job.status });
  const changes = [msg('plan.cancelJob.change', { jobId, status: job.status })];
  const notes = [msg('plan.cancelJob.noDryRun'), msg('plan.cancelJob.force')];
  const how = msg('plan.cancelJob.rollback');
  const where = msg('where.job', { jobId, projectId, url });
  // The second call is the fallback for a job whose runner no longer answers.
  const callsNote = job.status === 'canceling' ? undefined : msg('plan.cancelJob.calls');
  return {
    planId: `cancel-stuck-job:${jobId}`,
    fixId: 'cancel-stuck-job',
    findingId,
    title: english(title),
    target: { label: english(where), gitlabUrl: url, projectId, jobId },
    changes: changes.map(english),
    calls: job.status === 'canceling' ? [`${call}?force=true`] : [call, `${call}?force=true`],
    ...(callsNote ? { callsNote: english(callsNote) } : {}),
    notes: notes.map(english),
    rollback: { possible: false, how: english(how) },
    messages: { title, changes, notes, rollbackHow: how, target: where, ...(callsNote ? { callsNote } : {}) },
    data: { projectId, jobId, status: job.status },
  };
}

/** cancel-stuck-job: jobs GitLab shows as running that no runner will finish (job-stuck-running, job-token-expired). */
export const cancelStuckJob: FixDefinition<JobData> = {
  id: 'cancel-stuck-job',

  async plan({ findings, facts, target }: { findings: readonly Finding[]; facts: Facts; target: TargetFilter }, ctx) {
    const plans: FixPlan<JobData>[] = [];
    const seen = new Set<number>();
    for (const finding of findings) {
      for (const jobId of jobsOf(finding, facts)) {
        if (seen.has(jobId) || (target !== undefined && target !== String(jobId))) continue;
        seen.add(jobId);
        const projectId = facts.gitlabJobs.get(jobId)?.projectId;
        if (projectId === undefined) throw new FixInputError(msg('fix.input.jobProjectUnknown', { jobId }));
        const plan = await planJob(ctx, finding.id, projectId, jobId);
        if (plan) plans.push(plan);
      }
    }
    return plans;
  },

  replan: (plan, ctx) => planJob(ctx, plan.findingId, plan.data.projectId, plan.data.jobId),

  async preflight(plan, ctx) {
    const client = await ctx.connections.gitlab();
    const job = await readJob(ctx, plan.data);
    const checks = [
      check(msg('check.jobStuck'), LIVE.has(job.status), msg('check.jobStatus', { jobId: job.id, status: job.status })),
      await scopeCheck(client, ['api'], ctx.signal),
      await projectRoleCheck(client, plan.data.projectId, 'developer', msg('why.cancelJobs'), ctx.signal),
      await projectRoleCheck(client, plan.data.projectId, 'maintainer', msg('why.forceCancel'), ctx.signal),
    ];
    // Force is only needed when a graceful cancel is not answered; without maintainer the fix may still work.
    const force = checks.pop()!;
    if (!force.ok) checks.push({ ...force, ok: plan.data.status !== 'canceling' });
    return { ok: checks.every((c) => c.ok), checks };
  },

  async apply(plan, ctx) {
    const client = await ctx.connections.gitlab();
    const path = `${jobPath(plan.data)}/cancel`;
    let status = plan.data.status;
    if (status !== 'canceling') {
      status = (await client.post<JobAnswer>(path, { signal: ctx.signal, retry: false, needs: { scopes: ['api'], role: 'developer' } })).body.status;
      ctx.progress(msg('changed.job', { jobId: plan.data.jobId, status }));
      if (status === 'canceling') {
        await sleep(CANCELING_GRACE_MS, ctx.signal);
        status = (await readJob(ctx, plan.data)).status;
      }
    }
    if (status === 'canceling') {
      ctx.progress(msg('progress.forceCancel', { jobId: plan.data.jobId }));
      status = (await client.post<JobAnswer>(path, { query: { force: true }, signal: ctx.signal, retry: false, needs: { scopes: ['api'], role: 'maintainer' } })).body.status;
    }
    ctx.changed(msg('changed.job', { jobId: plan.data.jobId, status }));
  },

  async verify(plan, ctx) {
    const job = await readJob(ctx, plan.data);
    const message = msg(LIVE.has(job.status) ? 'verify.jobStillLive' : 'check.jobStatus', { jobId: job.id, status: job.status });
    return { ok: !LIVE.has(job.status), detail: english(message), message };
  },
};
