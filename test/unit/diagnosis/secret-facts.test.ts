import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { join } from 'node:path';
import { analyze } from '../../../electron/core/diagnosis/analyze';
import { folderReader } from '../../../electron/core/evidence/folder-reader';
import type { EvidenceReader } from '../../../electron/core/evidence/reader';
import { Redactor } from '../../../electron/core/evidence/redact/redactor';
import { redactText } from '../../../electron/core/evidence/redact/redact-stream';
import { listYaml } from '../../../electron/core/kube/kube-yaml';
import { secretMetadataOnly } from '../../../electron/core/kube/secret-metadata';

/**
 * The collector's Secret facts are typed (shared/secret-facts.ts); bundles written before
 * carried them as `runner-doctor.io/*` annotations. Both forms of the same Secret must give
 * the same findings, and the facts must come through redaction unchanged.
 */
const CASES = join(__dirname, '../../fixtures/cases');
const b64 = (s: string) => Buffer.from(s).toString('base64');
const BODY = 'Zx7Qw2Er5Ty8Ui1Op4As6Df';
const secret = (name: string, data: Record<string, string>, labels?: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name, namespace: 'gitlab-runner', ...(labels ? { labels } : {}) },
  type: 'Opaque',
  data,
});

/** A case's evidence with its secrets.yaml replaced by what today's collector writes for `secrets`. */
async function withSecrets(dir: string, secretsFile: string, secrets: Record<string, unknown>[]): Promise<{ reader: EvidenceReader; yaml: string }> {
  const raw = listYaml('Secret', 'v1', secrets.map(secretMetadataOnly));
  const yaml = redactText(new Redactor(), raw).text;
  const base = await folderReader([dir]);
  return {
    yaml,
    reader: { entries: () => base.entries(), open: (p) => (p.endsWith(secretsFile) ? Readable.from([Buffer.from(yaml)]) : base.open(p)) },
  };
}

const summary = async (reader: EvidenceReader) =>
  (await analyze(reader)).findings.map((f) => ({ id: f.id, severity: f.severity, title: f.title, summary: f.summary })).sort((a, b) => a.id.localeCompare(b.id));

describe('Secret facts: typed today, annotations in older bundles, same diagnosis', () => {
  it('a PAT in the chart Secret (runner-token-is-pat)', async () => {
    const dir = join(CASES, 'pat-in-chart-secret-annotation/evidence');
    const legacy = await summary(await folderReader([dir]));
    const chart = secret('gitlab-runner', { 'runner-registration-token': '', 'runner-token': b64(`glpat-${BODY}`) }, { app: 'gitlab-runner' });
    const typed = await withSecrets(dir, 'secrets.yaml', [chart]);
    expect(typed.yaml).not.toContain(BODY);
    expect(typed.yaml).toContain('gitlabKind: personal-access-token');
    expect(typed.yaml).not.toContain('runner-doctor.io/');
    expect(legacy.map((f) => f.id)).toContain('runner-token-is-pat');
    expect(await summary(typed.reader)).toEqual(legacy);
  });

  it('a token Secret ending in a newline (token-trailing-newline)', async () => {
    const dir = join(CASES, 'token-newline-header-error-secret-yaml/evidence');
    const legacy = await summary(await folderReader([dir]));
    const typed = await withSecrets(dir, 'secrets.yaml', [secret('gitlab-runner-token', { 'runner-token': b64(`${BODY}\n`) })]);
    expect(typed.yaml).toContain('endsWithNewline: true');
    expect(legacy.map((f) => f.id)).toContain('token-trailing-newline');
    expect(await summary(typed.reader)).toEqual(legacy);
  });
});
