import type { Severity } from '../../../../shared/findings';
import type { Analyzer, Draft } from '../analyzer';
import type { Facts } from '../facts';
import { claim, evidence, fix } from '../finding';

const DAY = 86_400_000;

/**
 * The personal access token the app uses (`GET /personal_access_tokens/self`) is expired,
 * revoked, or expires within 30 days: collection and fixes stop working when it does.
 * Measured against the time the answer was collected, so a bundle reads the same later.
 * Not fired by: tokens without an expiry, or expiring more than 30 days after collection.
 */
export const patExpiring: Analyzer = {
  id: 'pat-expiring',
  label: 'API token expiring',
  analyze(facts: Facts): Draft[] {
    const pat = facts.gitlab.pat;
    if (!pat) return [];
    const reference = pat.collectedAt ? new Date(pat.collectedAt) : new Date();
    const expires = pat.expiresAt ? new Date(`${pat.expiresAt.slice(0, 10)}T00:00:00Z`) : undefined;
    const days = expires ? Math.floor((expires.getTime() - reference.getTime()) / DAY) : undefined;
    const dead = pat.revoked === true || pat.active === false || (days !== undefined && days < 0);
    if (!dead && (days === undefined || days > 30)) return [];
    const severity: Severity = dead ? 'error' : days! <= 7 ? 'warning' : 'info';
    const name = pat.name ? `"${pat.name}"` : 'the GitLab token';
    const state = pat.revoked ? 'is revoked' : dead ? `expired on ${pat.expiresAt}` : `expires on ${pat.expiresAt} (in ${days} days)`;
    return [
      {
        id: 'pat-expiring',
        severity,
        title: `The personal access token ${name} ${state}`,
        summary:
          `The token this app uses for the GitLab API (${pat.scopes.join(', ') || 'no scopes listed'}) ${state}${pat.collectedAt ? `, counted from ${pat.collectedAt.slice(0, 10)} when it was checked` : ''}. ` +
          'Once it is gone, collection from GitLab and the fixes that use the API (cancelling jobs, rotating runner tokens) fail with 401. ' +
          'Rotate it and give the new token to the app (GITLAB_TOKEN).',
        evidence: evidence(pat),
        fixes: [fix('renew-pat', 'Rotate the personal access token', 'User settings > Access tokens > rotate, or POST /api/v4/personal_access_tokens/self/rotate (GitLab 16.10+, token with api or self_rotate scope); then update GITLAB_TOKEN.')],
        references: ['https://docs.gitlab.com/api/personal_access_tokens/#rotate-a-personal-access-token', 'https://docs.gitlab.com/user/profile/personal_access_tokens/'],
        ruledOut: pat.expiresAt ? [] : [claim(facts, ['gitlab-api'], 'The token has no expiry date.')],
      },
    ];
  },
};
