import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { Redactor } from '../../../electron/core/evidence/redact/redactor';
import { redactText } from '../../../electron/core/evidence/redact/redact-stream';

const CONFIG_TOML = 'concurrent = 4\n[[runners]]\n  name = "k8s"\n  executor = "kubernetes"\n';

const dataKey = fc.oneof(
  fc.constantFrom('token', 'runner-token', '.dockerconfigjson', 'tls.key', 'config.toml', 'password'),
  fc.stringMatching(/^[a-z][a-z0-9.-]{0,14}$/),
);
/** Values of any shape: base64, prose, quotes, colons, newlines, unicode. */
const dataValue = fc
  .oneof(
    fc.string({ minLength: 1, maxLength: 40 }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
    fc.base64String({ minLength: 4, maxLength: 120 }),
    fc.array(fc.string({ minLength: 1, maxLength: 30 }), { minLength: 2, maxLength: 4 }).map((l) => l.join('\n')),
    fc.string({ minLength: 90, maxLength: 200 }),
  )
  .filter((v) => v.trim() !== '' && !v.includes('{{') && !v.startsWith('[REDACTED'));

const secretData = fc.dictionary(dataKey, dataValue, { minKeys: 1, maxKeys: 5 });

interface Shape {
  field: 'data' | 'stringData';
  kindFirst: boolean;
  inList: boolean;
  withConfigMap: boolean;
  annotated: boolean;
}

const shape: fc.Arbitrary<Shape> = fc.record({
  field: fc.constantFrom('data' as const, 'stringData' as const),
  kindFirst: fc.boolean(),
  inList: fc.boolean(),
  withConfigMap: fc.boolean(),
  annotated: fc.boolean(),
});

function secretObject(values: Record<string, string>, s: Shape): Record<string, unknown> {
  const metadata: Record<string, unknown> = { name: 'gitlab-runner-secret', namespace: 'gitlab-runner' };
  if (s.annotated) {
    metadata.annotations = {
      'kubectl.kubernetes.io/last-applied-configuration':
        JSON.stringify({ apiVersion: 'v1', kind: 'Secret', [s.field]: values, metadata: { name: 'gitlab-runner-secret' } }) + '\n',
    };
  }
  // kubectl sorts keys (data before kind); people write kind first.
  return s.kindFirst
    ? { apiVersion: 'v1', kind: 'Secret', metadata, type: 'Opaque', [s.field]: values }
    : { apiVersion: 'v1', [s.field]: values, kind: 'Secret', metadata, type: 'Opaque' };
}

const configMap = { apiVersion: 'v1', data: { 'config.toml': CONFIG_TOML }, kind: 'ConfigMap', metadata: { name: 'gitlab-runner' } };

function document(values: Record<string, string>, s: Shape): Record<string, unknown> {
  const secret = secretObject(values, s);
  if (!s.inList) return secret;
  return { apiVersion: 'v1', items: s.withConfigMap ? [configMap, secret] : [secret], kind: 'List', metadata: { resourceVersion: '' } };
}

function secretsIn(doc: unknown): Record<string, unknown>[] {
  const d = doc as { kind?: string; items?: Record<string, unknown>[] };
  return d.kind === 'List' ? (d.items ?? []).filter((i) => i.kind === 'Secret') : [d as Record<string, unknown>];
}

function checkRedacted(doc: unknown, values: Record<string, string>, field: string, out: string, configMapToo = false): void {
  for (const secret of secretsIn(doc)) {
    const data = secret[field] as Record<string, unknown>;
    expect(Object.keys(data).sort()).toEqual(Object.keys(values).sort());
    for (const v of Object.values(data)) expect(String(v)).toMatch(/^\[REDACTED kube-secret-value #\d+\]$/);
    const annotation = (secret.metadata as { annotations?: Record<string, string> }).annotations?.[
      'kubectl.kubernetes.io/last-applied-configuration'
    ];
    if (annotation) {
      const applied = JSON.parse(annotation) as Record<string, Record<string, string>>;
      for (const v of Object.values(applied[field] ?? {})) expect(v).toMatch(/^\[REDACTED kube-secret-value #\d+\]$/);
    }
  }
  // Long values must not survive anywhere (short ones can coincide with other text).
  for (const v of Object.values(values)) if (v.length >= 12 && /[A-Za-z0-9]{6}/.test(v)) expect(out).not.toContain(v);
  if (configMapToo) expect(out).toContain('executor');
}

describe('Kubernetes Secret data: every value is redacted, whatever it looks like', () => {
  it('kubectl get -o yaml (sorted keys, Lists, annotations)', () => {
    fc.assert(
      fc.property(secretData, shape, (values, s) => {
        const input = stringify(document(values, s));
        const out = redactText(new Redactor(), input).text;
        checkRedacted(parse(out), values, s.field, out, s.inList && s.withConfigMap);
      }),
      { numRuns: 150 },
    );
  });

  it('kubectl get -o json (pretty, 2 or 4 spaces) and compact JSON', () => {
    fc.assert(
      fc.property(secretData, shape, fc.constantFrom(0, 2, 4), (values, s, indent) => {
        const input = JSON.stringify(document(values, s), null, indent);
        const out = redactText(new Redactor(), input).text;
        checkRedacted(JSON.parse(out), values, s.field, out, s.inList && s.withConfigMap);
      }),
      { numRuns: 150 },
    );
  });

  it('several YAML documents, a Secret among ConfigMaps', () => {
    fc.assert(
      fc.property(secretData, fc.boolean(), (values, kindFirst) => {
        const s: Shape = { field: 'data', kindFirst, inList: false, withConfigMap: false, annotated: false };
        const input = [stringify(configMap), stringify(secretObject(values, s)), stringify(configMap)].join('---\n');
        const out = redactText(new Redactor(), input).text;
        const docs = parseAllDocuments(out).map((d) => d.toJS() as Record<string, unknown>);
        expect(docs).toHaveLength(3);
        checkRedacted(docs[1], values, 'data', out);
        expect(docs[0]).toEqual(configMap);
        expect(docs[2]).toEqual(configMap);
      }),
      { numRuns: 100 },
    );
  });

  it('leaves a ConfigMap alone even when its data comes before its kind', () => {
    const input = stringify({ apiVersion: 'v1', items: [configMap, configMap], kind: 'List' });
    expect(redactText(new Redactor(), input).text).toBe(input);
  });

  it('redacts a value made of quote characters, and leaves a quoted empty value alone', () => {
    const out = redactText(new Redactor(), `apiVersion: v1\ndata:\n  a: '""'\n  b: ""\nkind: Secret\n`).text;
    expect(out).toContain("a: '[REDACTED kube-secret-value #1]'");
    expect(out).toContain('b: ""');
  });

  it('redacts a Secret spliced after a List, whichever of its two kinds comes first', () => {
    const list = stringify({ apiVersion: 'v1', items: [configMap], kind: 'List', metadata: { resourceVersion: '' } });
    const secret = 'apiVersion: v1\ndata:\n  config: YWFhYWFhYWFhYWFhOGE=\nkind: Secret\nmetadata:\n  name: s\n';
    const lines = list.split('\n');
    const at = lines.findIndex((l) => l.startsWith('kind: List'));
    for (const input of [list + secret, [...lines.slice(0, at), secret, ...lines.slice(at)].join('\n')]) {
      expect(redactText(new Redactor(), input).text).not.toContain('YWFhYWFhYWFhYWFhOGE=');
    }
  });

  it('treats items of a SecretList (no kind of their own) as Secrets', () => {
    const input = JSON.stringify(
      { kind: 'SecretList', apiVersion: 'v1', items: [{ metadata: { name: 'a' }, data: { token: 'c2VjcmV0LXZhbHVl' } }] },
      null,
      2,
    );
    const out = redactText(new Redactor(), input).text;
    expect(out).not.toContain('c2VjcmV0LXZhbHVl');
    expect(out).toContain('"token": "[REDACTED kube-secret-value #1]"');
  });
});
