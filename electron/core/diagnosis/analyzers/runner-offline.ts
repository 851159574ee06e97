import { list, msg } from '../../../../shared/messages';
import type { Analyzer, Draft } from '../analyzer';
import { configuredRunners } from '../derive/config-runners';
import { originMessage } from '../extract/config-toml';
import { runnerHealth } from '../derive/runner-health';
import { type Facts } from '../facts';
import { refusalsOfRunner } from '../derive/verdicts';
import { claim, evidence, fix } from '../finding';
import { subjects } from '../../../../shared/subjects';

/** The statuses GitLab reports that have their own words (`runner-offline.status.*`, `.meaning.*`). */
const KNOWN = new Set(['offline', 'stale', 'never_contacted', 'not_connected']);

/**
 * GitLab reports a runner (or all of its managers) offline, stale or never contacted, with
 * the last contact time. Correlates with config.toml (`id = …`) and with the runner's own
 * 403s (then its token is the reason) — only 403s tied to this runner by the per-place rule of
 * derive/verdicts.ts (refusalsOfRunner): another runner's rejected token explains nothing here.
 * Not fired by: an online runner whose old managers went stale (every pod restart on
 * Kubernetes registers a new manager; the old ones go stale harmlessly).
 */
export const runnerOffline: Analyzer = {
  id: 'runner-offline',
  label: msg('runner-offline.label'),
  causes: ['job-stuck-running'],
  analyze(facts: Facts): Draft[] {
    const ids = new Set([...facts.gitlab.runners.keys(), ...facts.gitlab.managers.map((m) => m.runnerId).filter((id): id is number => id !== undefined)]);
    const findings: Draft[] = [];
    for (const id of ids) {
      const health = runnerHealth(facts, id);
      if (!health || health.online) continue;
      const configured = configuredRunners(facts).filter((r) => r.runner.id === id);
      const status = health.status;
      const name = health.description ? `${id} (${health.description})` : String(id);
      const refused = refusalsOfRunner(facts, id);
      const forbidden = refused.lines.some((m) => m.signature !== 'token-reset-failed') || refused.api.length > 0;
      findings.push({
        id: 'runner-offline',
        // A runner stale for a week is often an abandoned registration, unless a config here still uses it.
        severity: status === 'stale' && !configured.length ? 'info' : 'warning',
        title: msg('runner-offline.title', { name, status: KNOWN.has(status) ? msg(`runner-offline.status.${status}`) : status.replace('_', ' ') }),
        summary: [
          msg(health.contactedAt ? 'runner-offline.summary.state.contact' : 'runner-offline.summary.state', {
            name,
            meaning: KNOWN.has(status) ? msg(`runner-offline.meaning.${status}`) : msg('runner-offline.meaning.other', { status }),
            at: health.contactedAt,
          }),
          ...(health.managersDown ? [msg('runner-offline.summary.managersDown', { count: health.managersDown })] : []),
          msg('runner-offline.summary.queue'),
          msg(forbidden ? 'runner-offline.summary.refused' : 'runner-offline.summary.check'),
          ...(configured.length ? [msg('runner-offline.summary.configured', { places: list(configured.map((c) => originMessage(c.config.source)), 'comma') })] : []),
        ],
        evidence: evidence(health.evidence, configured.map((c) => c.config.at(`runners[${c.runner.index}].id`)), refused.lines.slice(0, 1), refused.api.slice(0, 1)),
        fixes: [fix('check-network-path', msg('runner-offline.fix.check-network-path.title'), msg('runner-offline.fix.check-network-path.manual'))],
        references: ['https://docs.gitlab.com/api/runners/#list-all-runners', 'https://docs.gitlab.com/ci/runners/runners_scope/#view-statuses-of-all-runners'],
        ruledOut: [
          claim(facts, ['gitlab-api'], msg('runner-offline.ruledOut.managers'), { shown: facts.gitlab.managers.some((m) => m.runnerId === id), source: msg('runner-offline.source.managers') }),
        ],
        subject: subjects.runner(id),
      });
    }
    return findings;
  },
};
