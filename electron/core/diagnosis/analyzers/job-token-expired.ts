import { msg } from '../../../../shared/messages';
import type { Analyzer, Draft } from '../analyzer';
import { jobIdOf, matchesOf, type Facts, type LogMatch } from '../facts';
import { claim, evidence, fix, groupBy, LOG_KINDS } from '../finding';
import { inRange, KNOWN_RANGES, rangeText } from '../versions';
import { subjects } from '../../../../shared/subjects';

/** Whether the GitLab API's runner inventory (and so their running jobs) is in the evidence. */
const runnersListed = (facts: Facts) => facts.gitlab.runners.size > 0;

/** Above this many jobs, one finding sums them up instead of one finding per job. */
const MAX_SEPARATE_JOBS = 3;

const P = 'job-token-expired';

function many(facts: Facts, byJob: Map<number, LogMatch[]>, fixedGitlab: boolean): Draft {
  const jobs = [...byJob.keys()];
  const running = jobs.filter((id) => facts.gitlabJobs.get(id)?.status === 'running');
  const gitlab = facts.gitlab.version;
  return {
    id: 'job-token-expired',
    severity: 'error',
    title: msg(`${P}.title.many`, { count: jobs.length }),
    summary: [
      msg(`${P}.summary.many`, { count: jobs.length, jobs: `${jobs.slice(0, 5).join(', ')}${jobs.length > 5 ? ', …' : ''}` }),
      fixedGitlab ? msg(`${P}.summary.many.restart`, { version: gitlab?.version ?? '' }) : msg(`${P}.summary.many.lifetime`),
      running.length
        ? msg(`${P}.summary.many.running`, { count: running.length })
        : runnersListed(facts)
          ? msg(`${P}.summary.many.gone`)
          : msg(`${P}.summary.many.unknown`),
    ],
    evidence: evidence([...byJob.values()].map((m) => m[0]!).slice(0, 6), running.map((id) => facts.gitlabJobs.get(id)!).slice(0, 4)),
    fixes: [
      ...(running.length || !runnersListed(facts)
        ? [fix('cancel-stuck-job', running.length ? msg(`${P}.fix.cancel-stuck-job.title.many`, { count: running.length }) : msg(`${P}.fix.cancel-stuck-job.title.affected`))]
        : []),
      ...(fixedGitlab ? [] : [fix('upgrade-gitlab', msg(`${P}.fix.upgrade-gitlab.title`), msg(`${P}.fix.upgrade-gitlab.manual`))]),
    ],
    references: ['gitlab#581924', 'gitlab-runner#38356', 'gitlab!220980', 'gitlab!221379', 'gitlab-runner#38017'],
    ruledOut: [claim(facts, LOG_KINDS, msg(`${P}.ruledOut.endpoint.many`))],
    versions: rangeText('jobTokenTtl', gitlab?.version),
    subject: subjects.jobs(jobs.length),
  };
}

/**
 * Seed 000: the runner finished a job but GitLab refused its final update (PUT /api/v4/jobs/:id)
 * with 403, because the job's JWT token expired before the job did (gitlab#581924,
 * gitlab-runner#38356). The job then stays `running` in GitLab until the stuck-jobs worker
 * drops it. Looks for: `Submitting job to coordinator... job failed|forbidden` with code 403
 * (text, logrus text or JSON), correlated by job id with the job's state from the GitLab API.
 * Not fired by: 403s from container registries or on `Checking for jobs` (runner token).
 */
export const jobTokenExpired: Analyzer = {
  id: 'job-token-expired',
  label: msg(`${P}.label`),
  causes: ['job-stuck-running'],
  explains: ['job-update-403'],
  analyze(facts: Facts): Draft[] {
    const byJob = groupBy(matchesOf(facts, 'job-update-403'), jobIdOf);
    const gitlab = facts.gitlab.version;
    const fixedGitlab = gitlab && !inRange(gitlab.version, undefined, KNOWN_RANGES.jobTokenTtl.max);
    if (byJob.size > MAX_SEPARATE_JOBS) return [many(facts, byJob, fixedGitlab ?? false)];
    const findings: Draft[] = [];
    for (const [jobId, matches] of byJob) {
      const job = facts.gitlabJobs.get(jobId);
      const stillRunning = job?.status === 'running';
      const ofJob = { job: jobId };
      const ruledOut = [
        claim(facts, LOG_KINDS, msg(`${P}.ruledOut.endpoint`)),
        claim(
          facts,
          ['gitlab-api'],
          job && !stillRunning
            ? msg(job.failureReason ? `${P}.ruledOut.notRunning.reason` : `${P}.ruledOut.notRunning`, { ...ofJob, status: job.status, reason: job.failureReason })
            : msg(`${P}.ruledOut.running`, ofJob),
          { shown: !!job, source: msg('source.gitlabJob', ofJob) },
        ),
        claim(facts, ['gitlab-api'], gitlab && !fixedGitlab ? msg(`${P}.ruledOut.affected`, { version: gitlab.version }) : msg(`${P}.ruledOut.fixed`, { version: gitlab?.version ?? '' }), {
          shown: !!gitlab,
          source: msg('source.gitlabVersion'),
        }),
      ];
      // With the runners' running jobs collected, a job missing from them is no longer running.
      const unknown = !job && !runnersListed(facts);
      const state = stillRunning
        ? msg(`${P}.summary.state.running`, ofJob)
        : job
          ? msg(`${P}.summary.state.now`, { status: job.status })
          : unknown
            ? msg(`${P}.summary.state.unknown`)
            : msg(`${P}.summary.state.gone`, ofJob);
      const cause = fixedGitlab ? msg(`${P}.summary.cause.restart`, { version: gitlab.version }) : msg(`${P}.summary.cause.lifetime`);
      findings.push({
        id: 'job-token-expired',
        severity: stillRunning || unknown ? 'error' : 'warning',
        title: msg(`${P}.title`, ofJob),
        summary: [msg(`${P}.summary.refused`, ofJob), cause, state],
        evidence: evidence(matches.slice(0, 5) as LogMatch[], job),
        fixes: [
          ...(stillRunning || unknown ? [fix('cancel-stuck-job', msg(`${P}.fix.cancel-stuck-job.title`, ofJob))] : []),
          ...(fixedGitlab ? [] : [fix('upgrade-gitlab', msg(`${P}.fix.upgrade-gitlab.title`), msg(`${P}.fix.upgrade-gitlab.manual.retry`))]),
        ],
        references: ['gitlab#581924', 'gitlab-runner#38356', 'gitlab!220980', 'gitlab!221379', 'gitlab-runner#38017'],
        ruledOut,
        versions: rangeText('jobTokenTtl', gitlab?.version),
        subject: subjects.job(jobId),
      });
    }
    return findings;
  },
};
