import type { Analyzer, Draft } from '../analyzer';
import { jobIdOf, matchesOf, type Facts, type LogMatch } from '../facts';
import { claim, evidence, fix, groupBy, LOG_KINDS } from '../finding';
import { inRange, KNOWN_RANGES } from '../versions';

/** Whether the GitLab API's runner inventory (and so their running jobs) is in the evidence. */
const runnersListed = (facts: Facts) => facts.gitlab.runners.size > 0;

/** Above this many jobs, one finding sums them up instead of one finding per job. */
const MAX_SEPARATE_JOBS = 3;

function many(facts: Facts, byJob: Map<number, LogMatch[]>, fixedGitlab: boolean): Draft {
  const jobs = [...byJob.keys()];
  const running = jobs.filter((id) => facts.gitlabJobs.get(id)?.status === 'running');
  const gitlab = facts.gitlab.version;
  return {
    id: 'job-token-expired',
    severity: 'error',
    title: `GitLab refused the final update of ${jobs.length} jobs (403): their job tokens had expired`,
    summary:
      `The runner finished ${jobs.length} jobs (${jobs.slice(0, 5).join(', ')}${jobs.length > 5 ? ', …' : ''}) but GitLab answered 403 Forbidden to each final update, so their results never arrived. ` +
      (fixedGitlab
        ? `GitLab ${gitlab?.version} already has the job token lifetime fix, so the likelier cause is final updates lost while GitLab restarted (gitlab-runner#38017). `
        : 'GitLab 18.8 and earlier issue job tokens with a lifetime that can run out before long jobs end. ') +
      (running.length
        ? `GitLab still shows ${running.length} of them as running.`
        : runnersListed(facts)
          ? "None of them is among the runners' running jobs in GitLab any more."
          : 'Connect the GitLab API to see which are still shown as running.'),
    evidence: evidence([...byJob.values()].map((m) => m[0]!).slice(0, 6), running.map((id) => facts.gitlabJobs.get(id)!).slice(0, 4)),
    fixes: [
      ...(running.length || !runnersListed(facts)
        ? [fix('cancel-stuck-job', running.length ? `Cancel the ${running.length} jobs GitLab still shows as running` : 'Cancel the affected jobs GitLab still shows as running')]
        : []),
      ...(fixedGitlab ? [] : [fix('upgrade-gitlab', 'Upgrade GitLab to 18.9 or later', 'The job token lifetime is fixed in GitLab 18.9 (merge request 220980, backported in 221379).')]),
    ],
    references: ['gitlab#581924', 'gitlab-runner#38356', 'gitlab!220980', 'gitlab!221379', 'gitlab-runner#38017'],
    ruledOut: [claim(facts, LOG_KINDS, 'The 403s came from the job update endpoint (PUT /api/v4/jobs/:id), not from a container registry or the runner token check.')],
    versions: `${KNOWN_RANGES.jobTokenTtl.text}${gitlab ? `; this GitLab: ${gitlab.version}` : ''}`,
    subject: `${jobs.length} jobs`,
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
  label: 'job token expired (403 on final update)',
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
      const ruledOut = [
        claim(facts, LOG_KINDS, 'The 403 came from the job update endpoint (PUT /api/v4/jobs/:id), not from a container registry or the runner token check (`Checking for jobs`).'),
        claim(facts, ['gitlab-api'], job && !stillRunning ? `GitLab no longer shows job ${jobId} as running (it is "${job.status}"${job.failureReason ? `, ${job.failureReason}` : ''}).` : `GitLab still shows job ${jobId} as running.`, { shown: !!job, source: `GitLab API answer for job ${jobId}` }),
        claim(facts, ['gitlab-api'], gitlab && !fixedGitlab ? `GitLab ${gitlab.version} is in the affected range (18.8 and earlier).` : `GitLab ${gitlab?.version ?? ''} has the job token lifetime fix.`, { shown: !!gitlab, source: 'GitLab version' }),
      ];
      // With the runners' running jobs collected, a job missing from them is no longer running.
      const unknown = !job && !runnersListed(facts);
      const state = stillRunning
        ? `GitLab still shows job ${jobId} as running; it hangs until it is dropped as stuck (about an hour), holding its pipeline.`
        : job
          ? `GitLab now shows the job as "${job.status}".`
          : unknown
            ? 'Connect the GitLab API to see whether the job is still shown as running.'
            : `GitLab no longer lists job ${jobId} among its runners' running jobs.`;
      const cause = fixedGitlab
        ? `GitLab ${gitlab.version} already has the job token lifetime fix, so the likelier cause is a final update lost while GitLab restarted (gitlab-runner#38017).`
        : 'GitLab 18.8 and earlier issue the job token with a lifetime that can run out before a long job ends.';
      findings.push({
        id: 'job-token-expired',
        severity: stillRunning || unknown ? 'error' : 'warning',
        title: `GitLab refused the final update of job ${jobId} (403): its job token had expired`,
        summary: `The runner finished job ${jobId} but GitLab answered 403 Forbidden when the runner sent the result, so the result never arrived. ${cause} ${state}`,
        evidence: evidence(matches.slice(0, 5) as LogMatch[], job),
        fixes: [
          ...(stillRunning || unknown ? [fix('cancel-stuck-job', `Cancel job ${jobId} in GitLab so its pipeline can go on`)] : []),
          ...(fixedGitlab
            ? []
            : [fix('upgrade-gitlab', 'Upgrade GitLab to 18.9 or later', 'The job token lifetime is fixed in GitLab 18.9 (merge request 220980, backported in 221379). Until then, retry affected jobs.')]),
        ],
        references: ['gitlab#581924', 'gitlab-runner#38356', 'gitlab!220980', 'gitlab!221379', 'gitlab-runner#38017'],
        ruledOut,
        versions: `${KNOWN_RANGES.jobTokenTtl.text}${gitlab ? `; this GitLab: ${gitlab.version}` : ''}`,
        subject: `job ${jobId}`,
      });
    }
    return findings;
  },
};
