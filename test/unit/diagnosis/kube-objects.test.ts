import { describe, expect, it } from 'vitest';
import { extractKubeObjects } from '../../../electron/core/diagnosis/extract/kube-objects';
import { extractConfigMapConfigs } from '../../../electron/core/diagnosis/derive/configmap-configs';
import { emptyFacts } from '../../../electron/core/diagnosis/facts';

describe('Kubernetes objects from kubectl output', () => {
  it('gives items of a typed list the list item kind and cites metadata.name lines', () => {
    const facts = emptyFacts();
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'SecretList', items: [{ metadata: { name: 'a', namespace: 'ns' }, type: 'Opaque' }] }, null, 2);
    extractKubeObjects('secrets.json', json, facts);
    expect(facts.kubeObjects).toHaveLength(1);
    expect(facts.kubeObjects[0]).toMatchObject({ kind: 'Secret', name: 'a', namespace: 'ns', file: 'secrets.json', line: 7 });
    expect(facts.kubeListed.has('Secret')).toBe(true);
  });

  it('recognises items of a plain List without kind by shape, and an empty pods.yaml as a pod listing', () => {
    const facts = emptyFacts();
    extractKubeObjects('kube/c/ns/events.yaml', 'apiVersion: v1\nkind: List\nitems:\n- involvedObject: {kind: Pod}\n  metadata: {name: e1}\n  message: hi\n', facts);
    extractKubeObjects('kube/c/ns/pods.yaml', 'apiVersion: v1\nkind: List\nitems: []\n', facts);
    expect(facts.kubeObjects.map((o) => o.kind)).toEqual(['Event']);
    expect(facts.kubeListed.has('Pod')).toBe(true);
  });

  it('reads multi-document YAML and single objects', () => {
    const facts = emptyFacts();
    extractKubeObjects('m.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: two\n', facts);
    expect(facts.kubeObjects.map((o) => `${o.kind}/${o.name}@${o.line}`)).toEqual(['ConfigMap/one@4', 'Secret/two@9']);
  });

  it('parses config.toml inside a ConfigMap and cites the YAML line of each TOML key', () => {
    const facts = emptyFacts();
    const yaml = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: cfg', '  namespace: ci', 'data:', '  config.toml: |', '    concurrent = 2', '    [[runners]]', '      token = "glpat-Xq3v9LmN2bR7tKp1WzYe"', ''].join('\n');
    extractKubeObjects('cm.yaml', yaml, facts);
    extractConfigMapConfigs(facts);
    const [config] = facts.configs;
    expect(config?.source.origin).toBe('ConfigMap ci/cfg, key config.toml');
    expect(config?.runners[0]?.tokenKind).toBe('personal');
    expect(config?.at('runners[0].token')).toEqual({ file: 'cm.yaml', line: 10, excerpt: 'token = "glpat-Xq3v9LmN2bR7tKp1WzYe"' });
  });
});
