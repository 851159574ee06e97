import { msg } from '../../../../shared/messages';
import type { Analyzer, Draft } from '../analyzer';
import { matchesOf, type Facts } from '../facts';
import { claim, evidence, fix, LOG_KINDS } from '../finding';
import type { LogSignature } from '../scan/signatures';

/** The register command gives up after the refusal; that line is the refusal's consequence. */
const GAVE_UP: LogSignature = {
  id: 'register-gave-up',
  hints: ['Failed to register the runner', 'Failed to register this runner'],
  pattern: /Failed to register (?:the|this) runner/,
};

/**
 * GitLab refuses to register runners with a registration token: `Registering runner... failed
 * … POST …/api/v4/runners: 410 Gone` (registration tokens disabled: the default since GitLab
 * 17.0, an admin setting before), or `Registering runner... forbidden (check registration
 * token)` (a wrong token, or registration turned off for groups and projects in Admin >
 * Settings > CI/CD > Runner registration). Reads the shared `registration-refused` signature.
 * Not fired by: a registration that succeeded, with or without the deprecation warning.
 */
export const registrationDisabled: Analyzer = {
  id: 'registration-disabled',
  label: msg('registration-disabled.label'),
  signatures: [GAVE_UP],
  explains: ['registration-refused'],
  analyze(facts: Facts): Draft[] {
    const refused = matchesOf(facts, 'registration-refused');
    if (!refused.length) return [];
    const gone = refused.filter((m) => /\b410\b|Gone/.test(m.excerpt));
    return [
      {
        id: 'registration-disabled',
        severity: 'error',
        title: msg(gone.length ? 'registration-disabled.title.gone' : 'registration-disabled.title.forbidden'),
        summary: [msg(gone.length ? 'registration-disabled.summary.gone' : 'registration-disabled.summary.forbidden')],
        evidence: evidence(refused.slice(0, 4), matchesOf(facts, GAVE_UP).filter((m) => refused.some((r) => r.file === m.file)).slice(0, 1)),
        fixes: [fix('enable-runner-registration', msg('registration-disabled.fix.enable-runner-registration.title'), msg('registration-disabled.fix.enable-runner-registration.manual'))],
        references: ['https://docs.gitlab.com/ci/runners/new_creation_workflow/', 'https://docs.gitlab.com/administration/settings/continuous_integration/#control-runner-registration'],
        ruledOut: [claim(facts, LOG_KINDS, msg('registration-disabled.ruledOut.answered'))],
      },
    ];
  },
};
