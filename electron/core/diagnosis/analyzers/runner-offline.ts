import type { Analyzer, Draft } from '../analyzer';
import { configuredRunners } from '../derive/config-runners';
import { runnerHealth } from '../derive/runner-health';
import { type Facts } from '../facts';
import { refusalsOfRunner } from '../derive/verdicts';
import { claim, evidence, fix } from '../finding';

const MEANING: Record<string, string> = {
  offline: 'has not contacted GitLab for more than 2 hours',
  stale: 'has not contacted GitLab for more than 7 days',
  never_contacted: 'has never contacted GitLab since it was created',
  not_connected: 'has never connected',
};

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
  label: 'runner offline',
  causes: ['job-stuck-running'],
  analyze(facts: Facts): Draft[] {
    const ids = new Set([...facts.gitlab.runners.keys(), ...facts.gitlab.managers.map((m) => m.runnerId).filter((id): id is number => id !== undefined)]);
    const findings: Draft[] = [];
    for (const id of ids) {
      const health = runnerHealth(facts, id);
      if (!health || health.online) continue;
      const configured = configuredRunners(facts).filter((r) => r.runner.id === id);
      const name = health.description ? `${id} (${health.description})` : String(id);
      const refused = refusalsOfRunner(facts, id);
      const forbidden = refused.lines.some((m) => m.signature !== 'token-reset-failed') || refused.api.length > 0;
      findings.push({
        id: 'runner-offline',
        // A runner stale for a week is often an abandoned registration, unless a config here still uses it.
        severity: health.status === 'stale' && !configured.length ? 'info' : 'warning',
        title: `GitLab reports runner ${name} ${health.status.replace('_', ' ')}`,
        summary:
          `Runner ${name} ${MEANING[health.status] ?? `is ${health.status}`}${health.contactedAt ? `; last contact ${health.contactedAt}` : ''}. ` +
          (health.managersDown ? `${health.managersDown} of its managers are down and none is online. ` : '') +
          'Jobs for its tags wait in the queue. ' +
          (forbidden ? 'Its log shows GitLab refusing its token (403), which explains it: see the token finding. ' : 'Check that the runner process runs and can reach GitLab; its log says why it stopped polling. ') +
          (configured.length ? `It is configured in ${configured.map((c) => c.config.source.origin).join(', ')}.` : ''),
        evidence: evidence(health.evidence, configured.map((c) => c.config.at(`runners[${c.runner.index}].id`)), refused.lines.slice(0, 1), refused.api.slice(0, 1)),
        fixes: [fix('check-network-path', 'Start the runner and make sure it can reach GitLab', 'systemctl status gitlab-runner / kubectl get pods -l app=gitlab-runner; read its log for 403 (token) or connection errors.')],
        references: ['https://docs.gitlab.com/api/runners/#list-all-runners', 'https://docs.gitlab.com/ci/runners/runners_scope/#view-statuses-of-all-runners'],
        ruledOut: [claim(facts, ['gitlab-api'], 'No manager of this runner is online: it is not just old Kubernetes pods\' managers going stale.', { shown: facts.gitlab.managers.some((m) => m.runnerId === id), source: 'runner managers list' })],
        subject: `runner ${id}`,
      });
    }
    return findings;
  },
};
