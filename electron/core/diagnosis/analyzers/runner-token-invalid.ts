import type { Analyzer, Draft } from '../analyzer';
import { configuredRunners, verifyResultsFor } from '../derive/config-runners';
import { rotationLost, runnerTokenVerdict } from '../derive/verdicts';
import { samePlace } from '../derive/places';
import { countOf, type Facts } from '../facts';
import { claim, evidence, fix, LOG_KINDS, plural } from '../finding';
import { TOKEN_KIND_LABEL } from '../tokens';

/**
 * GitLab refuses the runner's own token: `Checking for jobs... forbidden` on every poll,
 * `Verifying runner... is not valid|is removed`, `Resetting runner token... failed`, or a 403
 * from `POST /runners/verify`. The token was reset, the runner was deleted, the token was
 * mistyped, or the runner rotated it and could not save the new one (then rotated-token-lost
 * is the cause and this finding its effect). Correlates the token kind in config.toml with
 * the verify result. Left to more precise findings (derive/verdicts.ts decides): a PAT
 * (runner-token-is-pat), a registration token (registration-token-deprecated).
 * Not fired by: 403s on job updates (job token) or from registries.
 */
export const runnerTokenInvalid: Analyzer = {
  id: 'runner-token-invalid',
  label: 'runner token rejected (403)',
  causes: ['runner-offline', 'job-stuck-running'],
  explains: ['checking-jobs-forbidden', 'verify-invalid', 'token-reset-failed', 'runner-unhealthy'],
  analyze(facts: Facts): Draft[] {
    const verdict = runnerTokenVerdict(facts);
    // Refusals in a namespace or host where no wrong-kind token was seen are this finding's even when a PAT elsewhere owns the rest.
    const own = verdict.owner === 'runner-token-invalid';
    if (!own && !verdict.elsewhere.length) return [];
    const lines = own ? verdict.refusals : verdict.elsewhere;
    const refusedByApi = own ? verdict.refusedByApi : [];
    const runners = configuredRunners(facts).filter(
      (r) => !r.config.template && (own || lines.some((m) => samePlace(m.file, r.tokenAt.file))),
    );
    const lost = rotationLost(facts);
    const kinds = [...new Set(runners.map((r) => r.runner.tokenKind))];
    const tokenLines = runners
      .filter((r) => verifyResultsFor(facts, r).some((v) => v.status === 403) || runners.length === 1)
      .map((r) => r.tokenAt);
    const polls = own ? countOf(facts, 'checking-jobs-forbidden') : lines.filter((m) => m.signature === 'checking-jobs-forbidden').length;
    const why = lost.length
      ? 'The runner rotated its token and could not save the new one (see the rotated-token-lost finding): GitLab invalidated the old token at the rotation, and that old token is what config.toml still holds. '
      : 'The runner authentication token is no longer valid: it was reset (in the UI, by the API, or by another runner manager sharing it), the runner was deleted in GitLab, or the token was mistyped. ';
    return [
      {
        id: 'runner-token-invalid',
        severity: 'error',
        title: "GitLab rejects the runner's token (403)",
        summary:
          `GitLab answers 403 Forbidden to this runner${polls ? ` (${plural(polls, 'refused job request')} in the log)` : ''}${refusedByApi.length ? ' and its verify check fails' : ''}. ` +
          why +
          (kinds.length ? `config.toml holds ${kinds.map((k) => TOKEN_KIND_LABEL[k]).join(' and ')}. ` : '') +
          'The runner picks up no jobs until it gets a valid token.',
        evidence: evidence(lines.slice(0, 5), lost.flatMap((l) => [l.reset, l.failed]).slice(0, 2), refusedByApi, tokenLines),
        fixes: [
          fix(
            'rotate-runner-token',
            'Get a new runner authentication token and write it to config.toml',
            'If the runner still exists in GitLab, reset its token (POST /api/v4/runners/:id/reset_authentication_token with a PAT holding manage_runner); if it was deleted, create it again (Settings > CI/CD > Runners > New runner).',
          ),
        ],
        references: [
          'https://docs.gitlab.com/api/runners/#verify-authentication-for-a-registered-runner',
          'https://docs.gitlab.com/security/tokens/#runner-authentication-tokens',
        ],
        ruledOut: [
          claim(facts, ['config-toml', 'kube-object'], 'The token in config.toml is not a personal access token or a registration token.', {
            shown: runners.length > 0,
            source: 'config.toml',
          }),
          ...(lost.length
            ? []
            : [
                claim(
                  facts,
                  LOG_KINDS,
                  'The runner did not lose a freshly rotated token (no `Resetting runner token... succeeded` followed by `Failed to save config`).',
                ),
              ]),
          lines.length
            ? claim(
                facts,
                LOG_KINDS,
                "The 403s are on the runner's own requests (jobs/request, runners/verify), not on job updates or image pulls.",
              )
            : claim(facts, ['gitlab-api'], "GitLab's verify check refuses the token itself."),
        ],
      },
    ];
  },
};
