import { describe, expect, it } from 'vitest';
import { groupProgress } from '../../../shared/progress-groups';
import type { SourceProgress } from '../../../renderer/src/store';

const row = (source: string, state: SourceProgress['state'] = 'done'): SourceProgress => ({
  operationId: 'op',
  source,
  state,
  message: '',
});

describe('progress grouped by target', () => {
  it('puts pods under their namespace and counts them; hosts and GitLab stand alone', () => {
    const groups = groupProgress([
      row('ssh:ci-01', 'running'),
      row('kube:prod/gitlab-runner', 'running'),
      row('kube:prod/gitlab-runner/runner-b', 'failed'),
      row('kube:prod/gitlab-runner/runner-a'),
      row('gitlab:gitlab.example.com'),
    ]);
    expect(groups.map((g) => [g.key, g.label, g.rows.map((r) => r.source)])).toEqual([
      ['gitlab:gitlab.example.com', 'GitLab gitlab.example.com', ['gitlab:gitlab.example.com']],
      [
        'kube:prod/gitlab-runner',
        'Kubernetes prod/gitlab-runner',
        ['kube:prod/gitlab-runner', 'kube:prod/gitlab-runner/runner-a', 'kube:prod/gitlab-runner/runner-b'],
      ],
      ['ssh:ci-01', 'SSH ci-01', ['ssh:ci-01']],
    ]);
    expect(groups[1]?.counts).toEqual({ total: 2, done: 1, failed: 1, running: 0, cancelled: 0 });
    expect(groups[2]?.counts).toEqual({ total: 1, done: 0, failed: 0, running: 1, cancelled: 0 });
  });

  it('groups right when a context name has slashes (EKS ARNs)', () => {
    const ctx = 'arn:aws:eks:eu-west-1:123456789012:cluster/prod';
    const groups = groupProgress([row(`kube:${ctx}/ci`), row(`kube:${ctx}/ci/runner-0`), row(`kube:${ctx}/ci-jobs`)]);
    expect(groups.map((g) => [g.key, g.rows.length])).toEqual([
      [`kube:${ctx}/ci`, 2],
      [`kube:${ctx}/ci-jobs`, 1],
    ]);
  });
});
