import { describe, expect, it } from 'vitest';
import { events } from '../../../shared/ipc/events';
import { countTargets, groupProgress } from '../../../shared/progress-groups';
import { progressSource, type SourceTarget } from '../../../shared/source-ids';
import type { SourceProgress } from '../../../renderer/src/store';

/** A progress event as the app sends it: the row's id, its typed target and, for a pod, its name. */
const row = (target: SourceTarget, part?: string, state: SourceProgress['state'] = 'done'): SourceProgress => {
  const { id, ...typed } = progressSource(target, part);
  return { operationId: 'op', source: id, ...typed, state, message: '' };
};
const kube = (context: string, namespace: string): SourceTarget => ({ kind: 'kube', context, namespace });

describe('progress grouped by its typed target', () => {
  it('puts pods under their namespace and counts them; hosts and GitLab stand alone', () => {
    const groups = groupProgress([
      row({ kind: 'ssh', alias: 'ci-01' }, undefined, 'running'),
      row(kube('prod', 'gitlab-runner'), undefined, 'running'),
      row(kube('prod', 'gitlab-runner'), 'runner-b', 'failed'),
      row(kube('prod', 'gitlab-runner'), 'runner-a'),
      row({ kind: 'gitlab', host: 'gitlab.example.com' }),
    ]);
    expect(groups.map((g) => [g.key, g.label, g.rows.map((r) => r.part ?? r.source)])).toEqual([
      ['gitlab:gitlab.example.com', 'GitLab gitlab.example.com', ['gitlab:gitlab.example.com']],
      ['kube:prod/gitlab-runner', 'Kubernetes prod/gitlab-runner', ['kube:prod/gitlab-runner', 'runner-a', 'runner-b']],
      ['ssh:ci-01', 'SSH ci-01', ['ssh:ci-01']],
    ]);
    expect(groups[1]?.target).toEqual(kube('prod', 'gitlab-runner'));
    expect(groups[1]?.counts).toEqual({ total: 2, done: 1, failed: 1, running: 0, cancelled: 0 });
    expect(groups[2]?.counts).toEqual({ total: 1, done: 0, failed: 0, running: 1, cancelled: 0 });
  });

  it('groups by target, not by the id text: slashes in a context or namespace-like pod names do not confuse it', () => {
    const ctx = 'arn:aws:eks:eu-west-1:123456789012:cluster/prod';
    // `kube:<ctx>/ci/jobs` is both the id of pod `jobs` in `ci` and of namespace `ci/jobs` in a context `<ctx>`… as text.
    const groups = groupProgress([row(kube(ctx, 'ci')), row(kube(ctx, 'ci'), 'runner-0'), row(kube(ctx, 'ci-jobs')), row(kube(`${ctx}/ci`, 'jobs'))]);
    expect(groups.map((g) => [g.label, g.rows.length, g.parts.map((p) => p.part)])).toEqual([
      [`Kubernetes ${ctx}/ci`, 2, ['runner-0']],
      [`Kubernetes ${ctx}/ci-jobs`, 1, []],
      [`Kubernetes ${ctx}/ci/jobs`, 1, []],
    ]);
  });
});

describe('operation.planned: the announced targets, typed as progress types them', () => {
  it('carries each target typed and counts targets as the groups do, never from the id text', () => {
    const ctx = 'arn:aws:eks:eu-west-1:123456789012:cluster/prod';
    const sources = [progressSource(kube(ctx, 'ci')), progressSource(kube(`${ctx}/ci`, 'jobs')), progressSource({ kind: 'ssh', alias: 'ci-01' }), progressSource({ kind: 'ssh', alias: 'ci-01' })];
    const event = events['operation.planned'].parse({ operationId: 'op', sources });
    expect(event.sources[1]?.target).toEqual(kube(`${ctx}/ci`, 'jobs'));
    expect(countTargets(event.sources)).toBe(3);
    expect(events['operation.planned'].safeParse({ operationId: 'op', sources: ['kube:prod/ci'] }).success).toBe(false);
  });
});
