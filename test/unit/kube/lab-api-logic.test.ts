import { describe, expect, it } from 'vitest';
import { jsonMergePatch, jsonPatch, strategicMergePatch, applyPatch } from '../../../electron/core/demo-lab/servers/kube-patch';
import { matchesFieldSelector, matchesLabelSelector, SelectorError } from '../../../electron/core/demo-lab/servers/kube-selectors';
import { formatQuantity, parseQuantity } from '../../../electron/core/demo-lab/servers/kube-quantity';
import { admitCreate, quotaUsage } from '../../../electron/core/demo-lab/servers/kube-quota';
import { KubeStatusError } from '../../../electron/core/demo-lab/servers/kube-resources';
import type { KubeObject } from '../../../electron/core/demo-lab/world';
import { logChunks, type LogRequest } from '../../../electron/core/demo-lab/servers/kube-logs';

describe('patches (the three content types the API server accepts)', () => {
  it('JSON merge patch merges maps, deletes on null and replaces lists', () => {
    const target = { data: { a: '1', b: '2' }, list: [1, 2, 3] };
    expect(jsonMergePatch(target, { data: { b: null, c: '3' }, list: [9] })).toEqual({ data: { a: '1', c: '3' }, list: [9] });
    expect(target.data).toEqual({ a: '1', b: '2' });
  });

  it('JSON Patch applies add/replace/remove/move/copy and stops on a failed test', () => {
    const doc = { metadata: { resourceVersion: '5' }, data: { a: '1' }, items: ['x'] };
    const out = jsonPatch(doc, [
      { op: 'test', path: '/metadata/resourceVersion', value: '5' },
      { op: 'add', path: '/data/b', value: '2' },
      { op: 'replace', path: '/data/a', value: 'one' },
      { op: 'add', path: '/items/-', value: 'y' },
      { op: 'copy', from: '/data/b', path: '/data/c' },
      { op: 'move', from: '/data/c', path: '/data/d' },
      { op: 'remove', path: '/items/0' },
    ]);
    expect(out).toEqual({ metadata: { resourceVersion: '5' }, data: { a: 'one', b: '2', d: '2' }, items: ['y'] });
    expect(() => jsonPatch(doc, [{ op: 'test', path: '/metadata/resourceVersion', value: '4' }])).toThrow(
      /testing value \/metadata\/resourceVersion failed/,
    );
    expect(() => jsonPatch(doc, [{ op: 'remove', path: '/data/zz' }])).toThrow(KubeStatusError);
  });

  it('strategic merge patch merges containers and volumes by name, mounts by mountPath, honours $patch', () => {
    const deployment = {
      spec: {
        template: {
          spec: {
            containers: [
              { name: 'runner', image: 'a:1', volumeMounts: [{ name: 'config', mountPath: '/etc/gitlab-runner' }] },
              { name: 'sidecar', image: 's:1' },
            ],
            volumes: [{ name: 'config', configMap: { name: 'cm' } }],
          },
        },
      },
    };
    const out = strategicMergePatch(deployment as never, {
      spec: {
        template: {
          spec: {
            containers: [
              { name: 'runner', volumeMounts: [{ name: 'home', mountPath: '/home/gitlab-runner' }] },
              { name: 'sidecar', $patch: 'delete' },
            ],
            volumes: [{ name: 'home', emptyDir: {} }],
          },
        },
      },
    }) as typeof deployment;
    const spec = out.spec.template.spec;
    expect(spec.containers).toEqual([
      {
        name: 'runner',
        image: 'a:1',
        volumeMounts: [
          { name: 'config', mountPath: '/etc/gitlab-runner' },
          { name: 'home', mountPath: '/home/gitlab-runner' },
        ],
      },
    ]);
    expect(spec.volumes.map((v) => v.name)).toEqual(['config', 'home']);
    // A JSON merge patch of the same list replaces it whole: the difference fixes rely on.
    const merged = jsonMergePatch(deployment as never, {
      spec: { template: { spec: { volumes: [{ name: 'home', emptyDir: {} }] } } },
    }) as typeof deployment;
    expect(merged.spec.template.spec.volumes.map((v) => v.name)).toEqual(['home']);
  });

  it('refuses unknown patch content types with 415 and bad JSON with 400', () => {
    expect(() => applyPatch('application/yaml', {}, '{}')).toThrow(expect.objectContaining({ code: 415 }));
    expect(() => applyPatch('application/merge-patch+json', {}, '{nope')).toThrow(expect.objectContaining({ code: 400 }));
  });
});

describe('selectors', () => {
  const labels = { app: 'gitlab-runner', release: 'ci', tier: 'ops' };
  it('matches equality and set-based label selectors', () => {
    expect(matchesLabelSelector(labels, 'app=gitlab-runner,release==ci')).toBe(true);
    expect(matchesLabelSelector(labels, 'app!=gitlab-runner')).toBe(false);
    expect(matchesLabelSelector(labels, 'release in (ci, prod),tier notin (web)')).toBe(true);
    expect(matchesLabelSelector(labels, 'release in (prod)')).toBe(false);
    expect(matchesLabelSelector(labels, 'tier,!missing')).toBe(true);
    expect(matchesLabelSelector(labels, '!tier')).toBe(false);
    expect(() => matchesLabelSelector(labels, 'a b c')).toThrow(SelectorError);
  });

  it('matches field selectors and refuses fields the kind does not support', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns' }, status: { phase: 'Running' } } as KubeObject;
    expect(matchesFieldSelector(pod, 'status.phase=Running,metadata.name=p')).toBe(true);
    expect(matchesFieldSelector(pod, 'status.phase!=Running')).toBe(false);
    expect(() => matchesFieldSelector(pod, 'spec.containers=x')).toThrow(/field label not supported: spec.containers/);
  });
});

describe('quota', () => {
  it('parses and prints quantities the way quota messages do', () => {
    expect(parseQuantity('1536Mi').value).toBe(1536 * 2 ** 20);
    expect(parseQuantity('500m').value).toBe(0.5);
    expect(formatQuantity(57232 * 2 ** 20, parseQuantity('56Gi'))).toBe('57232Mi');
    expect(formatQuantity(56 * 2 ** 30, parseQuantity('56Gi'))).toBe('56Gi');
    expect(formatQuantity(100, parseQuantity('100'))).toBe('100');
    expect(formatQuantity(3.4, parseQuantity('40'))).toBe('3400m');
  });

  it('computes usage from live objects and refuses a create over the limit with the real message', () => {
    const ns = 'q';
    const quota = {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'all-resources', namespace: ns },
      spec: { hard: { 'count/secrets': '2', 'requests.memory': '1Gi' } },
    } as KubeObject;
    const secret = (name: string) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: ns } }) as KubeObject;
    const objects = [quota, secret('a'), secret('b')];
    expect(quotaUsage(quota, objects)).toEqual({ 'count/secrets': '2', 'requests.memory': '0' });
    expect(() => admitCreate(secret('c'), objects)).toThrow(
      'secrets "c" is forbidden: exceeded quota: all-resources, requested: count/secrets=1, used: count/secrets=2, limited: count/secrets=2',
    );
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: ns },
      spec: { containers: [{ name: 'c' }] },
    } as KubeObject;
    expect(() => admitCreate(pod, objects)).toThrow('pods "p" is forbidden: failed quota: all-resources: must specify requests.memory');
  });
});

describe('lab pod logs', () => {
  const plan = (extra: Partial<LogRequest>): LogRequest => ({
    key: 'k',
    container: 'c',
    follow: false,
    running: true,
    timestamps: false,
    startedAt: 0,
    ...extra,
  });
  const read = async (chunks: AsyncIterable<string | Buffer>) => {
    let out = '';
    for await (const c of chunks) out += c.toString();
    return out;
  };

  it('tails a large log across chunk boundaries without joining it', async () => {
    const pieces = ['a\nb', '\nc\n', 'd\ne', '\n'];
    const log = () => pieces.map((p) => Buffer.from(p));
    expect(await read(logChunks(log, plan({ tailLines: 2 })))).toBe('d\ne\n');
    expect(await read(logChunks(log, plan({ tailLines: 3 })))).toBe('c\nd\ne\n');
    expect(await read(logChunks(log, plan({ tailLines: 9 })))).toBe('a\nb\nc\nd\ne\n');
    expect(await read(logChunks(log, plan({ tailLines: 0 })))).toBe('');
    expect(await read(logChunks('x\ny', plan({ tailLines: 1 })))).toBe('y');
  });

  it('filters by time and prints the kubelet timestamps only when asked', async () => {
    const log = '2025-01-01T00:00:00Z old\n2025-01-01T00:10:00Z new\nno time of its own\n';
    const since = Date.parse('2025-01-01T00:05:00Z');
    expect(await read(logChunks(log, plan({})))).toBe('old\nnew\nno time of its own\n');
    expect(await read(logChunks(log, plan({ since })))).toBe('new\nno time of its own\n');
    expect(await read(logChunks(log, plan({ since, timestamps: true, tailLines: 1 })))).toBe('2025-01-01T00:10:00Z no time of its own\n');
  });
});
