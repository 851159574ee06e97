import { describe, expect, it } from 'vitest';
import { isPartOf, sourceIds, sourceKind, sourceLabel } from '../../shared/source-ids';

describe('source ids, built and read in one place', () => {
  it('round-trips kind and label, with context names holding slashes and colons', () => {
    const ns = sourceIds.kubeNamespace('arn:aws:eks:eu-west-1:123:cluster/prod', 'gitlab-runner');
    const pod = sourceIds.part(ns, 'gitlab-runner-7d9f');
    expect(sourceKind(pod)).toBe('kube');
    expect(sourceLabel(ns)).toBe('Kubernetes arn:aws:eks:eu-west-1:123:cluster/prod/gitlab-runner');
    expect(isPartOf(pod, ns)).toBe(true);
    expect(isPartOf(ns, ns)).toBe(false);
    expect(sourceLabel(sourceIds.ssh('runner-1'))).toBe('SSH runner-1');
    expect(sourceKind(sourceIds.gitlab('gitlab.example.com'))).toBe('gitlab');
    expect(sourceKind('something-else')).toBeUndefined();
  });
});
