import { describe, expect, it } from 'vitest';
import type { CollectPlan } from '../../electron/core/collect/collect';
import { narrowPlan } from '../../electron/core/collect/narrow-plan';

const plan: CollectPlan = {
  kube: [
    { kubeconfig: '/k', context: 'prod/eu', namespace: 'runners' },
    { kubeconfig: '/k', context: 'prod/eu', allNamespaces: true },
  ],
  ssh: [{ targets: ['ci-1', 'ci-2'], options: { knownHostsFiles: [] } as never }],
  gitlab: { url: 'https://gitlab.example.com', token: 't' },
  files: ['/var/log/a', '/var/log/b'],
};

describe('narrowPlan: the part of a plan that collects one source again', () => {
  it('a named namespace, the namespace search, and a namespace the search found', () => {
    expect(narrowPlan(plan, { kind: 'kube', context: 'prod/eu', namespace: 'runners' })).toEqual({ kube: [plan.kube[0]], files: [] });
    expect(narrowPlan(plan, { kind: 'kube', context: 'prod/eu' })).toEqual({ kube: [plan.kube[1]], files: [] });
    expect(narrowPlan(plan, { kind: 'kube', context: 'prod/eu', namespace: 'found-ns' })).toEqual({ kube: [{ kubeconfig: '/k', context: 'prod/eu', namespace: 'found-ns' }], files: [] });
    expect(narrowPlan(plan, { kind: 'kube', context: 'prod' })).toBeUndefined();
  });

  it('one host, keeping its options and the plan’s GitLab URL', () => {
    expect(narrowPlan(plan, { kind: 'ssh', alias: 'ci-2' })).toEqual({
      kube: [],
      ssh: [{ targets: ['ci-2'], options: { knownHostsFiles: [], gitlabUrl: 'https://gitlab.example.com' } }],
      files: [],
    });
  });

  it('the GitLab instance, one path, and nothing for a source the plan lacks', () => {
    expect(narrowPlan(plan, { kind: 'gitlab', host: 'gitlab.example.com' })).toEqual({ kube: [], gitlab: plan.gitlab, files: [] });
    expect(narrowPlan(plan, { kind: 'files', path: '/var/log/b' })).toEqual({ kube: [], files: ['/var/log/b'] });
    expect(narrowPlan(plan, { kind: 'ssh', alias: 'elsewhere' })).toBeUndefined();
    expect(narrowPlan(plan, { kind: 'files', path: '/var/log/c' })).toBeUndefined();
  });
});
