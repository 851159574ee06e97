import type { Finding } from '../../../../shared/findings';
import type { Analyzer } from '../analyzer';
import { configuredRunners, envTokens, secretTokens, verifyResultsFor } from '../derive/config-runners';
import { countOf, matchesOf, type Facts } from '../facts';
import { evidence, fix, plural } from '../finding';
import { TOKEN_KIND_LABEL } from '../tokens';
import { rotationLost } from './rotated-token-lost';

/**
 * GitLab refuses the runner's own token: `Checking for jobs... forbidden` on every poll,
 * `Verifying runner... is not valid|is removed`, `Resetting runner token... failed`, or a 403
 * from `POST /runners/verify`. The token was reset, the runner was deleted, or the token was
 * never a runner token. Correlates the token kind in config.toml with the verify result.
 * Left to more precise findings: a PAT in the config (runner-token-is-pat), a registration
 * token (registration-token-deprecated), a rotated token that was never saved (rotated-token-lost).
 * Not fired by: 403s on job updates (job token) or from registries.
 */
export const runnerTokenInvalid: Analyzer = {
  id: 'runner-token-invalid',
  analyze(facts: Facts): Finding[] {
    const lines = matchesOf(facts, 'checking-jobs-forbidden', 'verify-invalid', 'token-reset-failed');
    const runners = configuredRunners(facts).filter((r) => !r.config.template);
    const refusedByApi = facts.gitlab.verify.filter((v) => v.status === 403);
    if (!lines.length && !refusedByApi.length) return [];
    const wrongKind = (kind: string) => kind === 'personal' || kind === 'registration';
    const explained =
      runners.some((r) => wrongKind(r.runner.tokenKind)) ||
      envTokens(facts).some((t) => wrongKind(t.kind)) ||
      secretTokens(facts).some((t) => wrongKind(t.kind) && !/registration/i.test(t.key)) ||
      rotationLost(facts).length > 0;
    if (explained) return [];
    const kinds = [...new Set(runners.map((r) => r.runner.tokenKind))];
    const tokenLines = runners.filter((r) => verifyResultsFor(facts, r).some((v) => v.status === 403) || runners.length === 1).map((r) => r.tokenAt);
    const polls = countOf(facts, 'checking-jobs-forbidden');
    return [
      {
        id: 'runner-token-invalid',
        severity: 'error',
        title: 'GitLab rejects the runner\'s token (403)',
        summary:
          `GitLab answers 403 Forbidden to this runner${polls ? ` (${plural(polls, 'refused job request')} in the log)` : ''}${refusedByApi.length ? ' and its verify check fails' : ''}: ` +
          'the runner authentication token is no longer valid. It was reset (in the UI, by the API, or by another runner manager sharing it), the runner was deleted in GitLab, or the token was mistyped. ' +
          (kinds.length ? `config.toml holds ${kinds.map((k) => TOKEN_KIND_LABEL[k]).join(' and ')}. ` : '') +
          'The runner picks up no jobs until it gets a valid token.',
        evidence: evidence(lines.slice(0, 5), refusedByApi, tokenLines),
        fixes: [
          fix('rotate-runner-token', 'Get a new runner authentication token and write it to config.toml', 'If the runner still exists in GitLab, reset its token (POST /api/v4/runners/:id/reset_authentication_token with a PAT holding manage_runner); if it was deleted, create it again (Settings > CI/CD > Runners > New runner).'),
        ],
        references: ['https://docs.gitlab.com/api/runners/#verify-authentication-for-a-registered-runner', 'https://docs.gitlab.com/security/tokens/#runner-authentication-tokens'],
        ruledOut: [
          'The token in config.toml is not a personal access token or a registration token.',
          'The runner did not lose a freshly rotated token (no `Resetting runner token... succeeded` followed by `Failed to save config`).',
          'The 403s are on the runner\'s own requests (jobs/request, runners/verify), not on job updates or image pulls.',
        ],
      },
    ];
  },
};
