import { describe, expect, it } from 'vitest';
import { progressSource, progressSourceSchema, targetId, targetLabel } from '../../shared/source-ids';

describe('source targets, typed, with their ids built in one place', () => {
  it('builds ids and labels from targets, with context names holding slashes and colons', () => {
    const ns = { kind: 'kube', context: 'arn:aws:eks:eu-west-1:123:cluster/prod', namespace: 'gitlab-runner' } as const;
    expect(targetId(ns)).toBe('kube:arn:aws:eks:eu-west-1:123:cluster/prod/gitlab-runner');
    expect(targetLabel(ns)).toBe('Kubernetes arn:aws:eks:eu-west-1:123:cluster/prod/gitlab-runner');
    const pod = progressSource(ns, 'gitlab-runner-7d9f');
    expect(pod).toEqual({ id: 'kube:arn:aws:eks:eu-west-1:123:cluster/prod/gitlab-runner/gitlab-runner-7d9f', target: ns, part: 'gitlab-runner-7d9f' });
    expect(progressSourceSchema.parse(pod)).toEqual(pod);
    expect(targetId({ kind: 'kube', context: 'prod' })).toBe('kube:prod/*');
    expect(targetLabel({ kind: 'ssh', alias: 'runner-1' })).toBe('SSH runner-1');
    expect(targetId({ kind: 'ssh-config', plan: 2 })).toBe('ssh#2');
    expect(targetId({ kind: 'gitlab', host: 'gitlab.example.com' })).toBe('gitlab:gitlab.example.com');
  });
});
