import type { EvidenceLine, Finding } from '../../../../shared/findings';
import type { Analyzer } from '../analyzer';
import { matchesOf, type Facts, type LogMatch } from '../facts';

function jobIdOf(m: LogMatch): number | undefined {
  const raw = m.fields.urljob ?? m.fields.job;
  return raw ? Number(raw) : undefined;
}

/**
 * Seed 000: the runner finished a job but GitLab refused its final update with 403, because
 * the job's JWT token expired before the job did (gitlab#581924). The job then stays
 * `running` in GitLab until the stuck-jobs worker drops it.
 */
export const jobTokenExpired: Analyzer = {
  id: 'job-token-expired',
  analyze(facts: Facts): Finding[] {
    const byJob = new Map<number, LogMatch[]>();
    for (const m of matchesOf(facts, 'job-submit-403', 'job-submit-403-json')) {
      const id = jobIdOf(m);
      if (id === undefined) continue;
      byJob.set(id, [...(byJob.get(id) ?? []), m]);
    }
    const findings: Finding[] = [];
    for (const [jobId, matches] of byJob) {
      const job = facts.gitlabJobs.get(jobId);
      const evidence: EvidenceLine[] = matches.slice(0, 5).map(({ file, line, excerpt }) => ({ file, line, excerpt }));
      if (job) evidence.push({ file: job.file, line: job.line, excerpt: job.excerpt });
      const stillRunning = job?.status === 'running';
      const ruledOut = [
        'The 403 came from the job update endpoint (PUT /api/v4/jobs/:id), not from a container registry or the runner token check.',
      ];
      if (job && !stillRunning) ruledOut.push(`GitLab no longer shows job ${jobId} as running (it is "${job.status}").`);
      findings.push({
        id: 'job-token-expired',
        severity: stillRunning || !job ? 'error' : 'warning',
        title: `GitLab refused the final update of job ${jobId} (403): its job token had expired`,
        summary:
          `The runner finished job ${jobId} but GitLab answered 403 Forbidden when the runner sent the result, ` +
          'so the result never arrived. GitLab 18.8 and earlier issue the job token with a short lifetime ' +
          'that can run out before a long job ends. ' +
          (stillRunning
            ? `GitLab still shows job ${jobId} as running; it will hang until it is dropped as stuck (about an hour), holding its pipeline.`
            : job
              ? `GitLab now shows the job as "${job.status}".`
              : 'Connect the GitLab API to see whether the job is still shown as running.'),
        evidence,
        fixes: [
          { id: 'cancel-stuck-job', title: `Cancel job ${jobId} in GitLab so its pipeline can go on`, automated: true },
          {
            id: 'upgrade-gitlab',
            title: 'Upgrade GitLab to 18.9 or later',
            automated: false,
            manual: 'The job token lifetime is fixed in GitLab 18.9 (merge request 220980, backported in 221379). Until then, retry affected jobs.',
          },
        ],
        references: ['gitlab#581924', 'gitlab-runner#38356', 'gitlab!220980'],
        ruledOut,
        versions: 'GitLab 18.8 and earlier; fixed in 18.9',
        subject: `job ${jobId}`,
      });
    }
    return findings;
  },
};
