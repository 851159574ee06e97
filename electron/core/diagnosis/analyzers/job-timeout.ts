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
  label: 'job timed out',
  signatures: [TIMED_OUT],
  analyze(facts: Facts): Draft[] {
    const lines = matchesOf(facts, TIMED_OUT);
    if (!lines.length) return [];
    const limit = lines.find((m) => m.fields.timeout)?.fields.timeout;
    return [
      {
        id: 'job-timeout',
        severity: 'error',
        title: `A job was stopped at its timeout${limit ? ` (${limit})` : ''}`,
        summary:
          `The job ran longer than it is allowed${limit ? ` (${limit})` : ''} and the runner stopped it. ` +
          'The limit is the job\'s `timeout:`, else the project\'s timeout (Settings > CI/CD > General pipelines), lowered by the runner\'s maximum_timeout; RUNNER_SCRIPT_TIMEOUT caps the script alone. ' +
          'If the job usually finishes in time, look for what it waited on (a hung test, a queue, a slow network); otherwise raise the limit.',
        evidence: evidence(lines.slice(0, 4)),
        fixes: [fix('raise-job-timeout', 'Raise the job\'s timeout, or find what it hangs on', 'Set `timeout: 2h` on the job in .gitlab-ci.yml (within the runner\'s maximum_timeout), or the project\'s timeout in Settings > CI/CD > General pipelines; run the job with CI_DEBUG_TRACE to see where it stalls.')],
        references: ['https://docs.gitlab.com/ci/pipelines/settings/#set-a-limit-for-how-long-jobs-can-run', 'https://docs.gitlab.com/ci/yaml/#timeout'],
        ruledOut: [claim(facts, LOG_KINDS, 'The job was stopped by its timeout, not killed by the OOM killer or failing by itself.')],
      },
    ];
  },
};
