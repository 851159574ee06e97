import type { Analyzer, Draft } from '../analyzer';
import { jobIdOf, matchesOf, type Facts } from '../facts';
import { claim, evidence, fix, groupBy, LOG_KINDS } from '../finding';
import { runnerHealth } from '../derive/runner-health';
import { evidenceEnd } from '../derive/evidence-time';
import type { GitlabJobFact } from '../facts';

/** Slack past the timeout before a running job counts as stuck: the runner's own cleanup takes a moment. */
const GRACE_S = 15 * 60;

/** How long the job has run: GitLab's own count, else from its start to when the answer (or the evidence) was taken. */
function elapsedS(job: GitlabJobFact, facts: Facts): number | undefined {
  if (job.durationS !== undefined) return job.durationS;
  const end = job.collectedAt ? new Date(job.collectedAt) : evidenceEnd(facts);
  return job.startedAt && end ? (end.getTime() - new Date(job.startedAt).getTime()) / 1000 : undefined;
}

function hours(s: number): string {
  return s >= 3600 ? `${(s / 3600).toFixed(1)} h` : `${Math.round(s / 60)} min`;
}

/**
 * GitLab shows a job as running, but the runner is done with it: its log says the job
 * succeeded or failed, or the runner that holds it no longer contacts GitLab. The job hangs
 * until GitLab's stuck-jobs worker drops it (`stuck_or_timeout_failure`, about an hour without
 * updates), holding its pipeline. A job whose final update got 403 is stuck too; its cause is
 * reported as job-token-expired, and this finding says what it does to the pipeline.
 * A job running longer than its runner's maximum_timeout (plus 15 minutes) is stuck too, whichever
 * runner holds it and whether or not that runner is online (FIELD-NOTES.md §10).
 * Not fired by: running jobs within their timeout whose runner is online and whose log shows no end.
 */
export const jobStuckRunning: Analyzer = {
  id: 'job-stuck-running',
  label: 'job stuck as running',
  analyze(facts: Facts): Draft[] {
    const ended = groupBy(matchesOf(facts, 'job-finished'), jobIdOf);
    const refused = groupBy(matchesOf(facts, 'job-update-403'), jobIdOf);
    const findings: Draft[] = [];
    for (const job of facts.gitlabJobs.values()) {
      if (job.status !== 'running') continue;
      const refusedLines = refused.get(job.id) ?? [];
      const endLines = ended.get(job.id) ?? [];
      const runner = job.runnerId !== undefined ? runnerHealth(facts, job.runnerId) : undefined;
      const runnerGone = runner && !runner.online;
      // FIELD-NOTES §10: running well past its timeout is stuck, whatever the runner says.
      const limit = job.runnerId !== undefined ? facts.gitlab.runners.get(job.runnerId)?.maximumTimeout : undefined;
      const ran = elapsedS(job, facts);
      const overdue = limit && ran !== undefined && ran > limit.seconds + GRACE_S ? limit : undefined;
      if (!endLines.length && !runnerGone && !refusedLines.length && !overdue) continue;
      const outcome = endLines[0]?.fields.outcome;
      const why = refusedLines.length
        ? `The runner finished job ${job.id}, but GitLab refused its final update with 403 (see job-token-expired), so GitLab still shows the job as running.`
        : endLines.length
        ? `The runner's log says it ended job ${job.id} ("${outcome ?? 'ended'}"${endLines[0]?.fields.reason ? `: ${endLines[0].fields.reason.trim()}` : ''}), but GitLab still shows it as running: the runner's final update never arrived (for example while GitLab restarted, gitlab-runner#38017).`
        : runnerGone
          ? `Runner ${job.runnerId} that holds job ${job.id} has not contacted GitLab since ${runner?.contactedAt ?? 'an unknown time'} (${runner?.status}), so nothing will finish the job.`
          : `Job ${job.id} has been running for ${hours(ran!)}, past runner ${job.runnerId}'s maximum timeout of ${hours(overdue!.seconds)}: the runner should have stopped it long ago, so it is stuck even though runner ${job.runnerId} is ${runner?.online ? 'online' : 'in an unknown state'}.`;
      findings.push({
        id: 'job-stuck-running',
        severity: endLines.length || overdue ? 'error' : 'warning',
        title: `Job ${job.id} is stuck as running in GitLab`,
        summary: `${why} GitLab drops such jobs as stuck only after about an hour without updates; until then the pipeline waits. Cancelling the job releases it.`,
        evidence: evidence(refusedLines.slice(0, 1), endLines.slice(0, 3), job, runnerGone && runner?.evidence, overdue),
        fixes: [fix('cancel-stuck-job', `Cancel job ${job.id} in GitLab (force-cancel if it stays "canceling")`)],
        references: ['gitlab-runner#38017', 'gitlab-runner!5275', 'https://docs.gitlab.com/ci/jobs/#troubleshooting'],
        ruledOut: [
          ...(refusedLines.length ? [] : [claim(facts, LOG_KINDS, `The runner's final update for job ${job.id} was not refused with 403 (that would be an expired job token).`, { shown: facts.logSpans.size > 0, source: 'runner log' })]),
          ...(endLines.length && runner?.online ? [claim(facts, ['gitlab-api'], `Runner ${job.runnerId} is online, so the runner process itself is fine.`)] : []),
        ],
        subject: `job ${job.id}`,
      });
    }
    return findings;
  },
};
