import { msg } from '../../../../shared/messages';
import type { Analyzer, Draft } from '../analyzer';
import { configuredRunners, envTokens, secretTokens, verifyResultsFor } from '../derive/config-runners';
import { matchesOf, type Facts } from '../facts';
import { samePlace } from '../derive/places';
import { claim, evidence, fix } from '../finding';
import { subjects } from '../../../../shared/subjects';

/**
 * Seed 002: config.toml holds a personal access token (glpat-) where the runner needs its
 * runner authentication token (glrt-). GitLab refuses every job request (`Checking for jobs...
 * forbidden`) and `POST /runners/verify` answers 403. Looks for: the token's prefix in
 * config.toml (file or ConfigMap), a runner container's env, or a Secret key (the collector's
 * value-token-prefixes fact, e.g. the Helm chart's `runner-token`), correlated with the
 * runner's 403 log lines and the verify result.
 * Not fired by: glrt- tokens, redacted values whose kind is not visible.
 */
export const runnerTokenIsPat: Analyzer = {
  id: 'runner-token-is-pat',
  label: msg('runner-token-is-pat.label'),
  causes: ['runner-token-invalid', 'runner-offline', 'job-stuck-running'],
  explains: ['checking-jobs-forbidden', 'verify-invalid', 'runner-unhealthy'],
  analyze(facts: Facts): Draft[] {
    const P = 'runner-token-is-pat';
    const forbidden = matchesOf(facts, 'checking-jobs-forbidden', 'verify-invalid');
    const fromConfig = configuredRunners(facts)
      .filter((r) => r.runner.tokenKind === 'personal')
      .map((r) => ({ where: r.labelMessage, at: r.tokenAt, verify: verifyResultsFor(facts, r) }));
    const fromEnv = envTokens(facts)
      .filter((t) => t.kind === 'personal')
      .map((t) => ({ where: msg(`${P}.where.env`, { name: t.name, workload: t.workload }), at: t as typeof t, verify: [] as ReturnType<typeof verifyResultsFor> }));
    const fromSecrets = secretTokens(facts)
      .filter((t) => t.kind === 'personal' && !/registration/i.test(t.key))
      .map((t) => ({ where: msg(`${P}.where.secret`, { key: t.key, secret: t.secret }), at: t as typeof t, verify: [] as ReturnType<typeof verifyResultsFor> }));
    return [...fromConfig, ...fromEnv, ...fromSecrets].map(({ where, at, verify }) => {
      const refused = verify.filter((v) => v.status === 403);
      const here = forbidden.filter((m) => samePlace(m.file, at.file)).slice(0, 3);
      const confirmed = refused.length > 0 || here.length > 0;
      return {
        id: 'runner-token-is-pat',
        severity: 'error',
        title: msg(`${P}.title`, { where }),
        summary: [msg(`${P}.summary.what`, { where }), msg(confirmed ? `${P}.summary.confirmed` : `${P}.summary.expected`), msg(`${P}.summary.revoke`)],
        evidence: evidence(at, refused, here),
        fixes: [fix('replace-pat-with-runner-token', msg(`${P}.fix.replace-pat-with-runner-token.title`))],
        references: [
          'https://docs.gitlab.com/ci/runners/new_creation_workflow/',
          'https://docs.gitlab.com/security/tokens/#runner-authentication-tokens',
        ],
        ruledOut: [
          claim(facts, ['config-toml', 'kube-object'], msg(`${P}.ruledOut.notRunnerToken`)),
          ...(refused.length ? [] : verify.length ? [claim(facts, ['gitlab-api'], msg(`${P}.ruledOut.verifyAccepted`))] : []),
        ],
        subject: subjects.named(where),
      } satisfies Draft;
    });
  },
};
