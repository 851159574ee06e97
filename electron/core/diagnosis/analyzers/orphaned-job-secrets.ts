import { list, msg } from '../../../../shared/messages';
import type { Analyzer, Draft } from '../analyzer';
import { isSecretsResource } from '../derive/kube-capacity';
import { secretsQuotaVerdict } from '../derive/verdicts';
import type { Facts } from '../facts';
import { claim, evidence, fix } from '../finding';
import { rangeText } from '../versions';
import { subjects } from '../../../../shared/subjects';

/**
 * Seed 004 (gitlab-runner#4184): the Kubernetes executor creates a job's Secret before its pod;
 * when the pod is refused (quota, admission) the Secret stays behind. Orphans pile up until the
 * namespace's secrets quota is full and every job fails with `secrets "runner-…" is forbidden:
 * exceeded quota: …, requested: secrets=1, used: secrets=100, limited: secrets=100`. Runner
 * 14.2.0 links Secrets to their pod (ownerReferences, needs RBAC `update` on secrets), but a
 * Secret created before a refused pod can still be left. Correlates job Secrets with live pods
 * (by ownerReferences uid or use), the secrets quota and the runner version.
 * Not fired by: memory/CPU quota rejections alone, or job Secrets that live pods own.
 */
export const orphanedJobSecrets: Analyzer = {
  id: 'orphaned-job-secrets',
  label: msg('orphaned-job-secrets.label'),
  causes: ['quota-exceeded', 'kube-pod-start-timeout'],
  explains: ['secret-cleanup-error', 'quota-exceeded'],
  analyze(facts: Facts): Draft[] {
    const verdict = secretsQuotaVerdict(facts);
    if (verdict.owner !== 'orphaned-job-secrets') return [];
    const { podsKnown, jobSecrets: all, orphans, rejections, full, cleanupErrors, oldRunner: old } = verdict;
    const ns = orphans[0]?.namespace ?? full[0]?.q.namespace;
    const P = 'orphaned-job-secrets';
    const secretsOnly = (m: Map<string, string>) => [...m].filter(([k]) => isSecretsResource(k));
    const quota = rejections[0]
      ? msg(`${P}.summary.quotaFull`, {
          used: list(secretsOnly(rejections[0].used).map(([k, v]) => msg(`${P}.used`, { resource: k, value: v })), 'comma'),
          limits: secretsOnly(rejections[0].limited).map(([, v]) => v).join(', '),
        })
      : full[0]
        ? msg(`${P}.summary.quotaUsedUp`, { name: full[0].q.name, used: full[0].r.used, hard: full[0].r.hard })
        : undefined;
    return [
      {
        id: 'orphaned-job-secrets',
        severity: rejections.length || full.length ? 'error' : 'warning',
        title: orphans.length ? msg(`${P}.title.orphans`, { count: orphans.length }) : msg(`${P}.title.quota`),
        summary: [
          msg(`${P}.summary.how`),
          ...(orphans.length ? [msg(`${P}.summary.orphans`, { count: orphans.length, total: all.length })] : podsKnown ? [] : [msg(`${P}.summary.connect`)]),
          ...(quota ? [quota] : []),
          ...(old ? [msg(`${P}.summary.oldRunner`, { version: old.version })] : []),
          ...(cleanupErrors.length ? [msg(`${P}.summary.cleanupErrors`)] : []),
          msg(`${P}.summary.advice`),
        ],
        evidence: evidence(rejections.map((r) => r.at).slice(0, 3), full.map(({ q, r }) => q.at(['status', 'used', r.resource])), orphans.slice(0, 4).map((s) => s.at(['metadata', 'name'])), cleanupErrors.slice(0, 2), old),
        fixes: [
          fix('delete-orphaned-job-secrets', ns ? msg(`${P}.fix.delete-orphaned-job-secrets.title.namespace`, { namespace: ns }) : msg(`${P}.fix.delete-orphaned-job-secrets.title`)),
          ...(old ? [fix('upgrade-runner', msg(`${P}.fix.upgrade-runner.title`), msg(`${P}.fix.upgrade-runner.manual`))] : []),
        ],
        references: ['gitlab-runner#4184', 'gitlab-runner!2983', 'gitlab-runner#26996', 'gitlab-runner#28167'],
        ruledOut: [
          claim(facts, ['kube-object'], msg(`${P}.ruledOut.orphans`), { shown: orphans.length > 0, source: msg('source.secretsAndPods') }),
          ...(rejections.length ? [claim(facts, ['runner-log', 'job-log', 'journal', 'kube-object'], msg(`${P}.ruledOut.secretsQuota`))] : []),
        ],
        versions: rangeText('secretLeak', old?.version),
        ...(ns ? { subject: subjects.namespace(ns) } : {}),
      },
    ];
  },
};
