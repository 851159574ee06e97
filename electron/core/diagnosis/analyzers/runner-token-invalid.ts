import { list, msg } from '../../../../shared/messages';
import type { Analyzer, Draft } from '../analyzer';
import { configuredRunners, verifyResultsFor } from '../derive/config-runners';
import { refusalsOverIn, rotationLost, runnerTokenVerdict } from '../derive/verdicts';
import { samePlace } from '../derive/places';
import { countOf, type Facts } from '../facts';
import { claim, evidence, fix, LOG_KINDS } from '../finding';
import { tokenKindMessage } from '../tokens';

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
  label: msg('runner-token-invalid.label'),
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
    // Every poll counted (also past the match cap) unless some logs' refusals are over.
    const polls = own && !refusalsOverIn(facts).size ? countOf(facts, 'checking-jobs-forbidden') : lines.filter((m) => m.signature === 'checking-jobs-forbidden').length;
    const P = 'runner-token-invalid';
    const refused = `${P}.summary.refused${polls ? '.polls' : ''}${refusedByApi.length ? '.verify' : ''}`;
    return [
      {
        id: 'runner-token-invalid',
        severity: 'error',
        title: msg(`${P}.title`),
        summary: [
          msg(refused, { count: polls || undefined }),
          msg(lost.length ? `${P}.summary.why.lost` : `${P}.summary.why.reset`),
          ...(kinds.length ? [msg(`${P}.summary.kinds`, { kinds: list(kinds.map(tokenKindMessage), 'and') })] : []),
          msg(`${P}.summary.advice`),
        ],
        evidence: evidence(lines.slice(0, 5), lost.flatMap((l) => [l.reset, l.failed]).slice(0, 2), refusedByApi, tokenLines),
        fixes: [fix('rotate-runner-token', msg(`${P}.fix.rotate-runner-token.title`), msg(`${P}.fix.rotate-runner-token.manual`))],
        references: [
          'https://docs.gitlab.com/api/runners/#verify-authentication-for-a-registered-runner',
          'https://docs.gitlab.com/security/tokens/#runner-authentication-tokens',
        ],
        ruledOut: [
          claim(facts, ['config-toml', 'kube-object'], msg(`${P}.ruledOut.kind`), { shown: runners.length > 0, source: msg('source.config-toml') }),
          ...(lost.length ? [] : [claim(facts, LOG_KINDS, msg(`${P}.ruledOut.notLost`))]),
          lines.length ? claim(facts, LOG_KINDS, msg(`${P}.ruledOut.ownRequests`)) : claim(facts, ['gitlab-api'], msg(`${P}.ruledOut.verify`)),
        ],
      },
    ];
  },
};
