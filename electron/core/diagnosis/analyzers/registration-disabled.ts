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
  label: 'runner registration refused',
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
        title: gone.length ? 'GitLab has registration tokens turned off (410 Gone)' : 'GitLab refuses to register the runner with its registration token (403)',
        summary: gone.length
          ? 'POST /api/v4/runners answered 410 Gone: this GitLab does not accept runner registration tokens any more (disabled by default since GitLab 17.0; an administrator can turn them back on for a while, but they are being removed). Create the runner in GitLab and register it with the glrt- authentication token instead.'
          : 'POST /api/v4/runners answered 403: the registration token is wrong or was reset, or registration with tokens is turned off for groups and projects (Admin > Settings > CI/CD > Runner registration). Prefer creating the runner in GitLab and registering it with its glrt- authentication token.',
        evidence: evidence(refused.slice(0, 4), matchesOf(facts, GAVE_UP).filter((m) => refused.some((r) => r.file === m.file)).slice(0, 1)),
        fixes: [fix('enable-runner-registration', 'Create the runner in GitLab and register it with its authentication token', 'Settings > CI/CD > Runners > New runner (or POST /api/v4/user/runners), then `gitlab-runner register --url … --token glrt-…`. Only as a stopgap: Admin > Settings > CI/CD > Runner registration > allow registration tokens.')],
        references: ['https://docs.gitlab.com/ci/runners/new_creation_workflow/', 'https://docs.gitlab.com/administration/settings/continuous_integration/#control-runner-registration'],
        ruledOut: [claim(facts, LOG_KINDS, 'GitLab answered the registration (403/410); it is not a network failure or a server error.')],
      },
    ];
  },
};
