import type { Analyzer, Draft } from '../analyzer';
import { configuredRunners, envTokens, secretTokens, verifyResultsFor } from '../derive/config-runners';
import { matchesOf, type Facts } from '../facts';
import { samePlace } from '../derive/places';
import { claim, evidence, fix } from '../finding';

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
  label: 'personal access token as runner token',
  causes: ['runner-token-invalid', 'runner-offline', 'job-stuck-running'],
  explains: ['checking-jobs-forbidden', 'verify-invalid', 'runner-unhealthy'],
  analyze(facts: Facts): Draft[] {
    const forbidden = matchesOf(facts, 'checking-jobs-forbidden', 'verify-invalid');
    const fromConfig = configuredRunners(facts)
      .filter((r) => r.runner.tokenKind === 'personal')
      .map((r) => ({ where: r.label, at: r.tokenAt, verify: verifyResultsFor(facts, r) }));
    const fromEnv = envTokens(facts)
      .filter((t) => t.kind === 'personal')
      .map((t) => ({ where: `env ${t.name} of ${t.workload}`, at: t as typeof t, verify: [] as ReturnType<typeof verifyResultsFor> }));
    const fromSecrets = secretTokens(facts)
      .filter((t) => t.kind === 'personal' && !/registration/i.test(t.key))
      .map((t) => ({ where: `key ${t.key} of Secret ${t.secret}`, at: t as typeof t, verify: [] as ReturnType<typeof verifyResultsFor> }));
    return [...fromConfig, ...fromEnv, ...fromSecrets].map(({ where, at, verify }) => {
      const refused = verify.filter((v) => v.status === 403);
      const here = forbidden.filter((m) => samePlace(m.file, at.file)).slice(0, 3);
      const confirmed = refused.length > 0 || here.length > 0;
      return {
        id: 'runner-token-is-pat',
        severity: 'error',
        title: `The runner is configured with a personal access token instead of a runner token (${where})`,
        summary:
          `The token in ${where} starts with glpat-: it is a personal, project or group access token. A runner authenticates with its own runner authentication token (glrt-), ` +
          'which GitLab issues when the runner is created (Settings > CI/CD > Runners > New runner, or POST /api/v4/user/runners). ' +
          (confirmed
            ? 'GitLab confirms it: it answers 403 to this runner, so no job is ever picked up.'
            : 'GitLab will answer 403 to every job request with it.') +
          ' A PAT in config.toml also gives anyone who reads the config your API access: revoke it once the runner has its own token.',
        evidence: evidence(at, refused, here),
        fixes: [
          fix('replace-pat-with-runner-token', 'Create the runner in GitLab and put its glrt- runner authentication token in config.toml'),
        ],
        references: [
          'https://docs.gitlab.com/ci/runners/new_creation_workflow/',
          'https://docs.gitlab.com/security/tokens/#runner-authentication-tokens',
        ],
        ruledOut: [
          claim(
            facts,
            ['config-toml', 'kube-object'],
            'The token is not a runner authentication token (glrt-), nor a legacy runner token.',
          ),
          ...(refused.length
            ? []
            : verify.length
              ? [claim(facts, ['gitlab-api'], "GitLab's verify check did not refuse it (odd for a PAT: check which token was verified).")]
              : []),
        ],
        subject: where,
      } satisfies Draft;
    });
  },
};
