import { msg, type Message } from '../../../../shared/messages';
import type { Analyzer, Draft } from '../analyzer';
import { jobIdOf, matchesOf, type Facts } from '../facts';
import { claim, evidence, fix, groupBy, LOG_KINDS } from '../finding';
import { runnerHealth } from '../derive/runner-health';
import { evidenceEnd } from '../derive/evidence-time';
import type { GitlabJobFact, Located } from '../facts';
import { gitlabJobTraceOf } from '../derive/places';
import { subjects } from '../../../../shared/subjects';

/** Slack past the timeout before a running job counts as stuck: the runner's own cleanup takes a moment. */
const GRACE_S = 15 * 60;

/** A running job whose log has not grown for this long is stuck (FIELD-NOTES §10). */
const SILENT_S = 60 * 60;

const P = 'job-stuck-running';

/**
 * The job's timeout as GitLab applies it: the project's `build_timeout`, lowered by the
 * runner's `maximum_timeout` when that is set (FIELD-NOTES §10); either alone when only one
 * answer was collected.
 */
function timeoutOf(job: GitlabJobFact, facts: Facts): { seconds: number; at: Located; whose: Message } | undefined {
  const project = job.projectId !== undefined ? facts.gitlab.projects.get(job.projectId) : undefined;
  const runner = job.runnerId !== undefined ? facts.gitlab.runners.get(job.runnerId)?.maximumTimeout : undefined;
  const limits = [
    ...(project ? [{ seconds: project.buildTimeoutS, at: project as Located, whose: msg(`${P}.whose.project`, { project: project.id }) }] : []),
    ...(runner ? [{ seconds: runner.seconds, at: runner as Located, whose: msg(`${P}.whose.runner`, { runner: String(job.runnerId) }) }] : []),
  ];
  return limits.sort((a, b) => a.seconds - b.seconds)[0];
}

/** The job's log from GitLab (its trace tail), when its last line carries a time and the job answer says when it was collected. */
function silence(job: GitlabJobFact, facts: Facts): { since: Located & { time: string }; seconds: number } | undefined {
  if (!job.collectedAt) return undefined;
  for (const [file, span] of facts.logSpans) {
    if (gitlabJobTraceOf(file) !== job.id || !span.end) continue;
    const seconds = (new Date(job.collectedAt).getTime() - new Date(span.end.time).getTime()) / 1000;
    return seconds >= SILENT_S ? { since: span.end, seconds } : undefined;
  }
  return undefined;
}

/** How long the job has run: GitLab's own count, else from its start to when the answer (or the evidence) was taken. */
function elapsedS(job: GitlabJobFact, facts: Facts): number | undefined {
  if (job.durationS !== undefined) return job.durationS;
  const end = job.collectedAt ? new Date(job.collectedAt) : evidenceEnd(facts);
  return job.startedAt && end ? (end.getTime() - new Date(job.startedAt).getTime()) / 1000 : undefined;
}

function hours(s: number): Message {
  return s >= 3600 ? msg(`${P}.hours`, { value: (s / 3600).toFixed(1) }) : msg(`${P}.minutes`, { value: Math.round(s / 60) });
}

/**
 * GitLab shows a job as running, but the runner is done with it: its log says the job
 * succeeded or failed, or the runner that holds it no longer contacts GitLab. The job hangs
 * until GitLab's stuck-jobs worker drops it (`stuck_or_timeout_failure`, about an hour without
 * updates), holding its pipeline. A job whose final update got 403 is stuck too; its cause is
 * reported as job-token-expired, and this finding says what it does to the pipeline.
 * A job running longer than its timeout (the project's build_timeout, lowered by the runner's
 * maximum_timeout; plus 15 minutes), or whose log from GitLab has not grown for an hour before
 * the job's answer was collected (its last line's time), is stuck too, whichever runner holds it
 * and whether or not that runner is online (FIELD-NOTES.md §10).
 * Not fired by: running jobs within their timeout whose runner is online and whose log shows no end.
 */
export const jobStuckRunning: Analyzer = {
  id: 'job-stuck-running',
  label: msg(`${P}.label`),
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
      // FIELD-NOTES §10: running well past its timeout, or with a log that stopped growing an hour ago, is stuck whatever the runner says.
      const limit = timeoutOf(job, facts);
      const ran = elapsedS(job, facts);
      const overdue = limit && ran !== undefined && ran > limit.seconds + GRACE_S ? limit : undefined;
      const silent = silence(job, facts);
      if (!endLines.length && !runnerGone && !refusedLines.length && !overdue && !silent) continue;
      const holderId = String(job.runnerId);
      const holder = runner?.online
        ? msg(`${P}.holder.online`, { runner: holderId })
        : runner
          ? msg(`${P}.holder.status`, { runner: holderId, status: runner.status })
          : job.runnerId === undefined
            ? msg(`${P}.holder.none`)
            : msg(`${P}.holder.unknown`, { runner: holderId });
      const outcome = endLines[0]?.fields.outcome ?? msg(`${P}.outcome.ended`);
      const reason = endLines[0]?.fields.reason?.trim();
      const why = refusedLines.length
        ? msg(`${P}.why.refused`, { job: job.id })
        : endLines.length
          ? msg(reason ? `${P}.why.ended.reason` : `${P}.why.ended`, { job: job.id, outcome, reason })
          : runnerGone
            ? msg(`${P}.why.gone`, { runner: holderId, job: job.id, since: runner?.contactedAt ?? msg(`${P}.since.unknown`), status: String(runner?.status) })
            : overdue
              ? msg(`${P}.why.overdue`, { job: job.id, ran: hours(ran!), whose: overdue.whose, limit: hours(overdue.seconds), holder })
              : msg(`${P}.why.silent`, { job: job.id, silent: hours(silent!.seconds), since: silent!.since.time, collected: String(job.collectedAt), holder });
      findings.push({
        id: 'job-stuck-running',
        severity: endLines.length || overdue || silent ? 'error' : 'warning',
        title: msg(`${P}.title`, { job: job.id }),
        summary: [why, msg(endLines.length || runnerGone || refusedLines.length ? `${P}.summary.stuckWorker` : `${P}.summary.untilCancelled`), msg(`${P}.summary.release`)],
        evidence: evidence(refusedLines.slice(0, 1), endLines.slice(0, 3), job, runnerGone && runner?.evidence, overdue?.at, silent?.since),
        fixes: [fix('cancel-stuck-job', msg(`${P}.fix.cancel-stuck-job.title`, { job: job.id }))],
        references: ['gitlab-runner#38017', 'gitlab-runner!5275', 'https://docs.gitlab.com/ci/jobs/#troubleshooting'],
        ruledOut: [
          ...(refusedLines.length ? [] : [claim(facts, LOG_KINDS, msg(`${P}.ruledOut.notRefused`, { job: job.id }), { shown: facts.logSpans.size > 0, source: msg('source.runner-log') })]),
          ...(endLines.length && runner?.online ? [claim(facts, ['gitlab-api'], msg(`${P}.ruledOut.online`, { runner: holderId }))] : []),
        ],
        subject: subjects.job(job.id),
      });
    }
    return findings;
  },
};
