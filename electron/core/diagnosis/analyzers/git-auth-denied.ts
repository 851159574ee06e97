import { msg } from '../../../../shared/messages';
import type { Analyzer, Draft } from '../analyzer';
import { matchesOf, type Facts } from '../facts';
import { claim, evidence, failingLinesAfter, fix, LOG_KINDS } from '../finding';
import type { LogSignature } from '../scan/signatures';

const GIT_DENIED: LogSignature = {
  id: 'git-auth-denied',
  hints: ['remote: HTTP Basic: Access denied', 'fatal: Authentication failed for', 'You are not allowed to download code', 'The requested URL returned error: 403', 'could not be found or you don\'t have permission'],
  pattern:
    /remote: HTTP Basic: Access denied|fatal: Authentication failed for '(?<url>[^']+)'|remote: You are not allowed to download code from this project|fatal: unable to access '(?<url2>[^']+)': The requested URL returned error: 403|remote: The project you were looking for could not be found or you don't have permission/,
};

/**
 * git in a job cannot fetch: `remote: HTTP Basic: Access denied`, `fatal: Authentication failed
 * for 'https://gitlab-ci-token@…'`, `You are not allowed to download code from this project`,
 * `The requested URL returned error: 403`. The job token may not read that project (the other
 * project's CI/CD job token allowlist), the clone URL points elsewhere (`clone_url` in
 * config.toml, a mirror), or a script overrides the credentials.
 * Not fired by: a registry's `unauthorized: HTTP Basic: Access denied` on docker login.
 */
export const gitAuthDenied: Analyzer = {
  id: 'git-auth-denied',
  label: msg('git-auth-denied.label'),
  signatures: [GIT_DENIED],
  analyze(facts: Facts): Draft[] {
    const lines = matchesOf(facts, GIT_DENIED);
    if (!lines.length) return [];
    const url = lines.map((m) => m.fields.url ?? m.fields.url2).find(Boolean);
    const ciToken = lines.some((m) => /gitlab-ci-token/.test(m.excerpt));
    return [
      {
        id: 'git-auth-denied',
        severity: 'error',
        title: url ? msg('git-auth-denied.title.url', { url: url.replace(/\/\/[^@/]*@/, '//') }) : msg('git-auth-denied.title'),
        summary: [
          msg(ciToken ? 'git-auth-denied.summary.refused.ciToken' : 'git-auth-denied.summary.refused'),
          msg('git-auth-denied.summary.ownProject'),
          msg('git-auth-denied.summary.otherProject'),
          msg('git-auth-denied.summary.otherToken'),
        ],
        evidence: evidence(lines.slice(0, 4), failingLinesAfter(facts, lines[0]!, 1)),
        fixes: [fix('fix-job-git-access', msg('git-auth-denied.fix.fix-job-git-access.title'), msg('git-auth-denied.fix.fix-job-git-access.manual'))],
        references: ['https://docs.gitlab.com/ci/jobs/ci_job_token/', 'https://docs.gitlab.com/topics/git/troubleshooting_git/#error-on-git-fetch-http-basic-access-denied'],
        ruledOut: [claim(facts, LOG_KINDS, msg('git-auth-denied.ruledOut.git'))],
      },
    ];
  },
};
