import { msg } from '../../../../shared/messages';
import type { Analyzer, Draft } from '../analyzer';
import { matchesOf, type Facts } from '../facts';
import { claim, evidence, fix, LOG_KINDS } from '../finding';
import type { LogSignature } from '../scan/signatures';

const TIMED_OUT: LogSignature = {
  id: 'job-timed-out',
  hints: ['execution took longer than', 'could not run to completion because the timeout was exceeded'],
  pattern: /execution took longer than (?<timeout>[\dhms.]+)(?: seconds)?|(?<stage>\w+) could not run to completion because the timeout was exceeded/,
};

/**
 * A job ran into its timeout: `ERROR: Job failed: execution took longer than 1h0m0s seconds`,
 * `WARNING: step_script could not run to completion because the timeout was exceeded`. The
 * timeout is the project's (Settings > CI/CD > General pipelines), lowered by the runner's
 * maximum_timeout, or the job's `timeout:`; RUNNER_SCRIPT_TIMEOUT limits the script alone.
 * Not fired by: jobs that finish, however long they take.
 */
export const jobTimeout: Analyzer = {
  id: 'job-timeout',
  label: msg('job-timeout.label'),
  signatures: [TIMED_OUT],
  analyze(facts: Facts): Draft[] {
    const lines = matchesOf(facts, TIMED_OUT);
    if (!lines.length) return [];
    const limit = lines.find((m) => m.fields.timeout)?.fields.timeout;
    return [
      {
        id: 'job-timeout',
        severity: 'error',
        title: limit ? msg('job-timeout.title.limit', { limit }) : msg('job-timeout.title'),
        summary: [
          limit ? msg('job-timeout.summary.stopped.limit', { limit }) : msg('job-timeout.summary.stopped'),
          msg('job-timeout.summary.where'),
          msg('job-timeout.summary.advice'),
        ],
        evidence: evidence(lines.slice(0, 4)),
        fixes: [fix('raise-job-timeout', msg('job-timeout.fix.raise-job-timeout.title'), msg('job-timeout.fix.raise-job-timeout.manual'))],
        references: ['https://docs.gitlab.com/ci/pipelines/settings/#set-a-limit-for-how-long-jobs-can-run', 'https://docs.gitlab.com/ci/yaml/#timeout'],
        ruledOut: [claim(facts, LOG_KINDS, msg('job-timeout.ruledOut.timeout'))],
      },
    ];
  },
};
