import { list, msg, type Message } from '../../../../shared/messages';
import { formatMessage } from '../../../../shared/i18n/text';
import type { Analyzer, Draft } from '../analyzer';
import { fullQuotaResources, isSecretsResource, quotaRejections, rejectsSecrets } from '../derive/kube-capacity';
import { secretsQuotaVerdict } from '../derive/verdicts';
import { kubeObjectsOf, matchesOf, type Facts } from '../facts';
import { claim, evidence, fix } from '../finding';

/**
 * A ResourceQuota refuses job pods: `pods "runner-…" is forbidden: exceeded quota: <name>,
 * requested: requests.memory=1536Mi, used: …, limited: …` in the job or runner log, or a
 * FailedCreate Event; or a quota is used up (status.used ≥ hard). Jobs fail as system failures
 * before their script runs. Secrets quotas are left to orphaned-job-secrets unless the cluster
 * shows no orphans. Correlates log lines, Events and ResourceQuota status.
 * Not fired by: quotas with room left and no rejection.
 */
export const quotaExceeded: Analyzer = {
  id: 'quota-exceeded',
  label: msg('quota-exceeded.label'),
  causes: ['kube-pod-start-timeout'],
  explains: ['quota-exceeded'],
  analyze(facts: Facts): Draft[] {
    const secretsExplained = secretsQuotaVerdict(facts).owner === 'orphaned-job-secrets';
    const rejections = quotaRejections(facts, matchesOf(facts, 'quota-exceeded')).filter((r) => !(rejectsSecrets(r) && secretsExplained));
    const full = kubeObjectsOf(facts, 'ResourceQuota').flatMap((q) =>
      fullQuotaResources(q)
        .filter((r) => !(isSecretsResource(r.resource) && secretsExplained))
        .map((r) => ({ q, r })),
    );
    if (!rejections.length && !full.length) return [];
    // Parts keyed by their English text, so the same part named twice is listed once.
    const byQuota = new Map<string, Map<string, Message>>();
    // A log repeats the same rejection many times: each distinct part is put in words once.
    const texts = new Map<string, string>();
    const add = (quota: string, part: Message) => {
      const id = JSON.stringify(part);
      let text = texts.get(id);
      if (text === undefined) texts.set(id, (text = formatMessage(part)));
      const parts = byQuota.get(quota) ?? new Map<string, Message>();
      parts.set(text, part);
      byQuota.set(quota, parts);
    };
    for (const r of rejections) {
      for (const k of r.requested.keys()) {
        add(r.quota, msg('quota-exceeded.part.requested', { resource: k, requested: r.requested.get(k), used: r.used.get(k) ?? '?', limit: r.limited.get(k) ?? '?' }));
      }
    }
    for (const { q, r } of full) add(q.name, msg('quota-exceeded.part.used', { resource: r.resource, used: String(r.used), hard: String(r.hard) }));
    const described = list([...byQuota].map(([name, parts]) => msg('quota-exceeded.quota', { name, parts: list([...parts.values()], 'semicolon') })), 'semicolon');
    return [
      {
        id: 'quota-exceeded',
        severity: rejections.length ? 'error' : 'warning',
        title: msg(rejections.length ? 'quota-exceeded.title.refused' : 'quota-exceeded.title.full'),
        summary: [msg(rejections.length ? 'quota-exceeded.summary.refused' : 'quota-exceeded.summary.full', { described }), msg('quota-exceeded.summary.advice')],
        evidence: evidence(rejections.map((r) => r.at).slice(0, 4), full.map(({ q, r }) => q.at(['status', 'used', r.resource])).slice(0, 3)),
        fixes: [fix('raise-quota', msg('quota-exceeded.fix.raise-quota.title'), msg('quota-exceeded.fix.raise-quota.manual'))],
        references: ['https://kubernetes.io/docs/concepts/policy/resource-quotas/', 'https://docs.gitlab.com/runner/executors/kubernetes/#overwrite-container-resources'],
        ruledOut: [claim(facts, ['kube-object'], msg('quota-exceeded.ruledOut.notSecrets'), { shown: secretsQuotaVerdict(facts).podsKnown, source: msg('source.podsAndSecrets') })],
      },
    ];
  },
};
