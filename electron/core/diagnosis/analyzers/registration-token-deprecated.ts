import type { Finding, Severity } from '../../../../shared/findings';
import type { Analyzer } from '../analyzer';
import { configuredRunners, envTokens, secretTokens } from '../derive/config-runners';
import { matchesOf, type Facts, type Located } from '../facts';
import { evidence, fix } from '../finding';
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
  analyze(facts: Facts): Finding[] {
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
    if (!warned.length && !refused.length && !legacyRegistered.length && !inConfig.length && !viaRegistration.length && !inEnv.length) return [];
    const gone = refused.some((m) => /\b410\b|Gone/.test(m.excerpt));
    const gitlab = facts.gitlab.version;
    const disabledByDefault = gitlab && inRange(gitlab.version, KNOWN_RANGES.registrationTokens.min);
    const severity: Severity = gone || refused.length || inConfig.length ? 'error' : warned.length || inEnv.length || legacyRegistered.length ? 'warning' : 'info';
    const parts = [
      inConfig.length ? 'config.toml holds a registration token (GR1348941…) as the runner\'s token: GitLab accepts a registration token only for registering, never for picking up jobs.' : '',
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
        evidence: evidence(refused.slice(0, 3), inConfig, inEnv, warned.slice(0, 2), legacyRegistered.slice(0, 2), viaRegistration),
        fixes: [fix('replace-pat-with-runner-token', 'Create the runner in GitLab and use its glrt- runner authentication token')],
        references: ['gitlab#380872', 'https://docs.gitlab.com/ci/runners/new_creation_workflow/'],
        ruledOut: [disabledByDefault ? `GitLab ${gitlab.version} disables registration tokens by default (17.0 and later).` : 'The GitLab version is unknown: on 17.0 and later registration tokens are disabled by default.'],
        versions: `${KNOWN_RANGES.registrationTokens.text}${gitlab ? `; this GitLab: ${gitlab.version}` : ''}`,
      },
    ];
  },
};
