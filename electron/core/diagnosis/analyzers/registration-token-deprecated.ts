import type { Severity } from '../../../../shared/findings';
import type { Analyzer, Draft } from '../analyzer';
import { configuredRunners, envTokens, secretTokens } from '../derive/config-runners';
import { matchesOf, type Facts, type Located } from '../facts';
import { claim, evidence, fix } from '../finding';
import { runnerTokenVerdict } from '../derive/verdicts';
import { inRange, KNOWN_RANGES } from '../versions';

/**
 * The runner is set up with the legacy registration-token workflow: `gitlab-runner register
 * --registration-token` (deprecated since 15.6, disabled by default since GitLab 17.0, when
 * POST /api/v4/runners answers 410 Gone), or a registration token (GR1348941…) where the
 * runner token belongs. Looks for: the runner's deprecation warning, `Registering runner...
 * forbidden|failed`, registration tokens in config.toml or env, glrtr- tokens.
 * Not fired by: glrt- runner authentication tokens created in GitLab.
 */
export const registrationTokenDeprecated: Analyzer = {
  id: 'registration-token-deprecated',
  label: 'legacy registration token',
  causes: ['registration-disabled', 'runner-token-invalid', 'runner-offline'],
  explains: ['registration-deprecated', 'registration-refused', 'checking-jobs-forbidden', 'verify-invalid', 'runner-unhealthy'],
  analyze(facts: Facts): Draft[] {
    const warned = matchesOf(facts, 'registration-deprecated');
    const refused = matchesOf(facts, 'registration-refused');
    const legacyRegistered = matchesOf(facts, 'registration-succeeded').filter((m) => /GR1348941/.test(m.fields.runner ?? m.excerpt));
    const runners = configuredRunners(facts);
    const inConfig: Located[] = runners.filter((r) => r.runner.tokenKind === 'registration').map((r) => r.tokenAt);
    const viaRegistration: Located[] = runners.filter((r) => r.runner.tokenKind === 'runner-auth-registered').map((r) => r.tokenAt);
    const inEnv: Located[] = [
      ...envTokens(facts).filter((t) => t.kind === 'registration' || (/REGISTRATION_TOKEN/i.test(t.name) && t.kind !== 'empty' && t.kind !== 'template')),
      ...secretTokens(facts).filter((t) => t.kind === 'registration'),
    ];
    const verdict = runnerTokenVerdict(facts);
    const inLog = verdict.wrongKind === 'registration' ? verdict.wrongKindInLog : [];
    // The runner's 403s are this finding's to explain when the token is a registration token (derive/verdicts.ts).
    const refusedPolls = verdict.owner === 'registration-token-deprecated' ? verdict.refusals : [];
    if (!warned.length && !refused.length && !legacyRegistered.length && !inConfig.length && !viaRegistration.length && !inEnv.length && !inLog.length) return [];
    const gone = refused.some((m) => /\b410\b|Gone/.test(m.excerpt));
    const gitlab = facts.gitlab.version;
    const disabledByDefault = gitlab && inRange(gitlab.version, KNOWN_RANGES.registrationTokens.min);
    const severity: Severity = gone || refused.length || inConfig.length || inLog.length ? 'error' : warned.length || inEnv.length || legacyRegistered.length ? 'warning' : 'info';
    const parts = [
      inConfig.length ? 'config.toml holds a registration token (GR1348941…) as the runner\'s token: GitLab accepts a registration token only for registering, never for picking up jobs.' : '',
      inLog.length && !inConfig.length ? 'The refused requests in the log carry a registration token (the runner prints its token\'s first characters: GR134894…): GitLab accepts a registration token only for registering, never for picking up jobs.' : '',
      gone ? 'GitLab answered 410 Gone to the registration: registration tokens are disabled on this instance.' : refused.length ? 'GitLab refused the registration (check registration token).' : '',
      warned.length || legacyRegistered.length || inEnv.length ? 'The runner is registered with the deprecated registration-token workflow, which GitLab 17.0 and later disable by default and which is being removed.' : '',
      viaRegistration.length ? 'Its token (glrtr-) was created through a registration token; it works, but the workflow behind it is going away.' : '',
    ].filter(Boolean);
    return [
      {
        id: 'registration-token-deprecated',
        severity,
        title: 'The runner uses the deprecated registration-token workflow',
        summary: `${parts.join(' ')} Create the runner in GitLab instead (Settings > CI/CD > Runners > New runner, or POST /api/v4/user/runners) and register it with the glrt- token it gives you.`,
        evidence: evidence(refused.slice(0, 3), inConfig, inLog.slice(0, 3), refusedPolls.slice(0, 2), inEnv, warned.slice(0, 2), legacyRegistered.slice(0, 2), viaRegistration),
        fixes: [fix('migrate-to-runner-auth-token', 'Create the runner in GitLab and use its glrt- runner authentication token', 'Create the runner in GitLab (Settings > CI/CD > Runners > New runner, or POST /api/v4/user/runners with a token holding create_runner), run `gitlab-runner register --token glrt-…` (or put the glrt- token in config.toml in place of the old one) and restart the runner; then remove the registration token from the config, env and Secrets.')],
        references: ['gitlab#380872', 'https://docs.gitlab.com/ci/runners/new_creation_workflow/'],
        ruledOut: [
          disabledByDefault
            ? claim(facts, ['gitlab-api'], `GitLab ${gitlab.version} disables registration tokens by default (17.0 and later).`)
            : gitlab
              ? claim(facts, ['gitlab-api'], `GitLab ${gitlab.version} still accepts registration tokens by default (before 17.0), but they are deprecated.`)
              : claim(facts, ['gitlab-api'], '', { shown: false, source: 'GitLab version' }),
        ],
        versions: `${KNOWN_RANGES.registrationTokens.text}${gitlab ? `; this GitLab: ${gitlab.version}` : ''}`,
      },
    ];
  },
};
