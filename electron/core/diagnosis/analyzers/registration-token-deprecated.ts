import type { Severity } from '../../../../shared/findings';
import { msg } from '../../../../shared/messages';
import type { Analyzer, Draft } from '../analyzer';
import { configuredRunners, envTokens, secretTokens } from '../derive/config-runners';
import { matchesOf, type Facts, type Located } from '../facts';
import { claim, evidence, fix } from '../finding';
import { runnerTokenVerdict } from '../derive/verdicts';
import { inRange, KNOWN_RANGES, rangeText } from '../versions';

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
  label: msg('registration-token-deprecated.label'),
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
    const P = 'registration-token-deprecated.summary';
    const parts = [
      inConfig.length ? msg(`${P}.inConfig`) : undefined,
      inLog.length && !inConfig.length ? msg(`${P}.inLog`) : undefined,
      gone ? msg(`${P}.gone`) : refused.length ? msg(`${P}.refused`) : undefined,
      warned.length || legacyRegistered.length || inEnv.length ? msg(`${P}.deprecated`) : undefined,
      viaRegistration.length ? msg(`${P}.viaRegistration`) : undefined,
    ].filter((m) => m !== undefined);
    return [
      {
        id: 'registration-token-deprecated',
        severity,
        title: msg('registration-token-deprecated.title'),
        summary: [...parts, msg(`${P}.advice`)],
        evidence: evidence(refused.slice(0, 3), inConfig, inLog.slice(0, 3), refusedPolls.slice(0, 2), inEnv, warned.slice(0, 2), legacyRegistered.slice(0, 2), viaRegistration),
        fixes: [fix('migrate-to-runner-auth-token', msg('registration-token-deprecated.fix.migrate-to-runner-auth-token.title'), msg('registration-token-deprecated.fix.migrate-to-runner-auth-token.manual'))],
        references: ['gitlab#380872', 'https://docs.gitlab.com/ci/runners/new_creation_workflow/'],
        ruledOut: [
          disabledByDefault
            ? claim(facts, ['gitlab-api'], msg('registration-token-deprecated.ruledOut.disabled', { version: gitlab.version }))
            : gitlab
              ? claim(facts, ['gitlab-api'], msg('registration-token-deprecated.ruledOut.accepted', { version: gitlab.version }))
              : claim(facts, ['gitlab-api'], '', { shown: false, source: msg('source.gitlabVersion') }),
        ],
        versions: rangeText('registrationTokens', gitlab?.version),
      },
    ];
  },
};
