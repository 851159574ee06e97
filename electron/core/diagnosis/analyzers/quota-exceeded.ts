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
  label: 'ResourceQuota refuses job pods',
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
    const byQuota = new Map<string, string[]>();
    for (const r of rejections) {
      const over = [...r.requested.keys()].map((k) => `${k}: requested ${r.requested.get(k)}, used ${r.used.get(k) ?? '?'} of ${r.limited.get(k) ?? '?'}`);
      byQuota.set(r.quota, [...new Set([...(byQuota.get(r.quota) ?? []), ...over])]);
    }
    for (const { q, r } of full) byQuota.set(q.name, [...new Set([...(byQuota.get(q.name) ?? []), `${r.resource}: used ${r.used} of ${r.hard}`])]);
    const described = [...byQuota].map(([name, parts]) => `quota ${name} (${parts.join('; ')})`).join('; ');
    return [
      {
        id: 'quota-exceeded',
        severity: rejections.length ? 'error' : 'warning',
        title: rejections.length ? 'A ResourceQuota refuses job pods' : 'A ResourceQuota in the runner namespace is used up',
        summary:
          `${rejections.length ? 'Kubernetes refuses to create job pods because a ResourceQuota would be exceeded, so jobs fail as system failures before their script runs' : 'A ResourceQuota has no room left, so the next job pod that needs it will be refused'}: ${described}. ` +
          'Raise the quota, lower what jobs request (memory_request/cpu_request in [runners.kubernetes], the KUBERNETES_*_REQUEST variables and their *_overwrite_max_allowed caps), or lower `concurrent` so fewer jobs run at once.',
        evidence: evidence(rejections.map((r) => r.at).slice(0, 4), full.map(({ q, r }) => q.at(['status', 'used', r.resource])).slice(0, 3)),
        fixes: [fix('raise-quota', 'Raise the ResourceQuota or lower job resource requests', 'kubectl edit resourcequota <name> -n <namespace>, or reduce memory_request/cpu_request (and KUBERNETES_*_REQUEST in jobs) so jobs fit.')],
        references: ['https://kubernetes.io/docs/concepts/policy/resource-quotas/', 'https://docs.gitlab.com/runner/executors/kubernetes/#overwrite-container-resources'],
        ruledOut: [claim(facts, ['kube-object'], 'The refused pods are not explained by leftover job Secrets (that is reported as orphaned-job-secrets).', { shown: secretsQuotaVerdict(facts).podsKnown, source: 'list of Pods and Secrets' })],
      },
    ];
  },
};
