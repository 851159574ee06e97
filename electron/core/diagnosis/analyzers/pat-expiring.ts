import type { Severity } from '../../../../shared/findings';
import { list, msg } from '../../../../shared/messages';
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
  label: msg('pat-expiring.label'),
  analyze(facts: Facts): Draft[] {
    const pat = facts.gitlab.pat;
    if (!pat) return [];
    const reference = pat.collectedAt ? new Date(pat.collectedAt) : new Date();
    const expires = pat.expiresAt ? new Date(`${pat.expiresAt.slice(0, 10)}T00:00:00Z`) : undefined;
    const days = expires ? Math.floor((expires.getTime() - reference.getTime()) / DAY) : undefined;
    const dead = pat.revoked === true || pat.active === false || (days !== undefined && days < 0);
    if (!dead && (days === undefined || days > 30)) return [];
    const severity: Severity = dead ? 'error' : days! <= 7 ? 'warning' : 'info';
    const name = pat.name ? `"${pat.name}"` : msg('pat-expiring.theToken');
    const state = pat.revoked
      ? msg('pat-expiring.state.revoked')
      : dead
        ? msg('pat-expiring.state.expired', { date: String(pat.expiresAt) })
        : msg('pat-expiring.state.expires', { date: String(pat.expiresAt), count: days });
    return [
      {
        id: 'pat-expiring',
        severity,
        title: msg('pat-expiring.title', { name, state }),
        summary: [
          msg(pat.collectedAt ? 'pat-expiring.summary.state.checked' : 'pat-expiring.summary.state', {
            scopes: pat.scopes.length ? list(pat.scopes, 'comma') : msg('pat-expiring.noScopes'),
            state,
            checked: pat.collectedAt?.slice(0, 10),
          }),
          msg('pat-expiring.summary.effect'),
          msg('pat-expiring.summary.advice'),
        ],
        evidence: evidence(pat),
        fixes: [fix('renew-pat', msg('pat-expiring.fix.renew-pat.title'), msg('pat-expiring.fix.renew-pat.manual'))],
        references: ['https://docs.gitlab.com/api/personal_access_tokens/#rotate-a-personal-access-token', 'https://docs.gitlab.com/user/profile/personal_access_tokens/'],
        ruledOut: pat.expiresAt ? [] : [claim(facts, ['gitlab-api'], msg('pat-expiring.ruledOut.noExpiry'))],
      },
    ];
  },
};
