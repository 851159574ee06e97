import type { Analyzer, Draft } from '../analyzer';
import { isSecretsResource } from '../derive/kube-capacity';
import { secretsQuotaVerdict } from '../derive/verdicts';
import type { Facts } from '../facts';
import { claim, evidence, fix, plural } from '../finding';
import { KNOWN_RANGES } from '../versions';

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
  label: 'leftover job Secrets',
  causes: ['quota-exceeded', 'kube-pod-start-timeout'],
  explains: ['secret-cleanup-error', 'quota-exceeded'],
  analyze(facts: Facts): Draft[] {
    const verdict = secretsQuotaVerdict(facts);
    if (verdict.owner !== 'orphaned-job-secrets') return [];
    const { podsKnown, jobSecrets: all, orphans, rejections, full, cleanupErrors, oldRunner: old } = verdict;
    const ns = orphans[0]?.namespace ?? full[0]?.q.namespace;
    const quotaText = rejections[0]
      ? `The secrets quota is full: ${[...rejections[0].used].filter(([k]) => isSecretsResource(k)).map(([k, v]) => `used ${k}=${v}`).join(', ')} of ${[...rejections[0].limited].filter(([k]) => isSecretsResource(k)).map(([, v]) => v).join(', ')}, so new jobs fail before they start. `
      : full[0]
        ? `The secrets quota ${full[0].q.name} is used up (${full[0].r.used}/${full[0].r.hard}). `
        : '';
    return [
      {
        id: 'orphaned-job-secrets',
        severity: rejections.length || full.length ? 'error' : 'warning',
        title: orphans.length ? `${plural(orphans.length, 'job Secret')} without a live pod fill the namespace` : 'Leftover job Secrets have used up the secrets quota',
        summary:
          'The Kubernetes executor creates each job\'s Secret before its pod; when the pod is refused (for example by a memory quota) the Secret is left behind. ' +
          (orphans.length ? `${plural(orphans.length, 'of the', 'of the')} ${all.length} job Secrets here have no live owner pod (checked by ownerReferences uid and by use, not by name). ` : podsKnown ? '' : 'Connect the cluster to list Secrets without a live owner pod. ') +
          quotaText +
          (old ? `This runner is ${old.version}: before 14.2.0 job Secrets have no owner and are never garbage-collected. ` : '') +
          (cleanupErrors.length ? 'The runner also reports failures cleaning up or linking Secrets (RBAC needs `update` on secrets). ' : '') +
          'Delete the orphaned job Secrets, then remove the cause of the refused pods.',
        evidence: evidence(rejections.map((r) => r.at).slice(0, 3), full.map(({ q, r }) => q.at(['status', 'used', r.resource])), orphans.slice(0, 4).map((s) => s.at(['metadata', 'name'])), cleanupErrors.slice(0, 2), old),
        fixes: [
          fix('delete-orphaned-job-secrets', `Delete job Secrets (runner-*-project-*-concurrent-*) that no live pod owns${ns ? ` in ${ns}` : ''}`),
          ...(old ? [fix('upgrade-runner', 'Upgrade gitlab-runner to 14.2.0 or later', 'From 14.2.0 job Secrets carry ownerReferences to their pod and are removed with it; grant the runner\'s role `update` on secrets.')] : []),
        ],
        references: ['gitlab-runner#4184', 'gitlab-runner!2983', 'gitlab-runner#26996', 'gitlab-runner#28167'],
        ruledOut: [
          claim(facts, ['kube-object'], 'The Secrets counted as orphaned have no ownerReferences to a live pod and no live pod uses them; a shared name prefix was not taken as ownership.', { shown: orphans.length > 0, source: 'list of Secrets and Pods' }),
          ...(rejections.length ? [claim(facts, ['runner-log', 'job-log', 'journal', 'kube-object'], 'The quota that refuses jobs counts Secrets, not memory or CPU.')] : []),
        ],
        versions: `${KNOWN_RANGES.secretLeak.text}${old ? `; this runner: ${old.version}` : ''}`,
        ...(ns ? { subject: `namespace ${ns}` } : {}),
      },
    ];
  },
};
