import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { Redactor } from '../../../electron/core/evidence/redact/redactor';
import { RedactStream } from '../../../electron/core/evidence/redact/redact-stream';

const PAT = 'glpat-' + 'a1B2c3D4e5F6g7H8i9J0';
const RUNNER = 'glrt-' + 'Zz9Yy8Xx7Ww6Vv5Uu4Tt';

async function redactChunks(chunks: string[], redactor = new Redactor()): Promise<string> {
  const stream = Readable.from(chunks.map((c) => Buffer.from(c))).pipe(new RedactStream(redactor));
  let out = '';
  for await (const c of stream) out += String(c);
  return out;
}

describe('Redactor', () => {
  it('replaces GitLab tokens by prefix, also behind a custom instance prefix', () => {
    const r = new Redactor();
    expect(r.redactLine(`PRIVATE-TOKEN: ${PAT}`).text).toBe('PRIVATE-TOKEN: "[REDACTED gitlab-personal-token #1]"');
    expect(r.redactLine(`token corp-${PAT}x`).text).not.toContain('a1B2c3D4');
  });

  it('gives the same secret the same placeholder across lines and files', () => {
    const r = new Redactor();
    const a = r.redactLine(`token = "${RUNNER}"`).text;
    const b = r.redactLine(`saw ${RUNNER} again, and ${PAT}`).text;
    expect(a).toBe('token = "[REDACTED gitlab-runner-token #1]"');
    expect(b).toBe('saw [REDACTED gitlab-runner-token #1] again, and [REDACTED gitlab-personal-token #1]');
    expect(r.summary()).toEqual({ 'gitlab-token': 3 });
  });

  it('redacts legacy unprefixed runner tokens by key in TOML, YAML, JSON and flags', () => {
    const r = new Redactor();
    const legacy = '3f9a0c1e2d4b5a6978877665544332';
    for (const line of [`  token = "${legacy}"`, `token: ${legacy}`, `{"token":"${legacy}"}`, `gitlab-runner verify --token ${legacy}`]) {
      const out = r.redactLine(line).text;
      expect(out).not.toContain(legacy);
      expect(out).toContain('[REDACTED gitlab-legacy-runner-token #1]');
    }
  });

  it('leaves known look-alikes and templates alone', () => {
    const r = new Redactor();
    for (const line of ['token = "glpat-XXXXXXXXXXXXXXXXXXXX"', 'token = "{{ .Values.runnerToken }}"', 'token = ""', 'token = "${RUNNER_TOKEN}"']) {
      expect(r.redactLine(line).text).toBe(line);
    }
  });

  it('finds a token split across stream chunks', async () => {
    const text = `line one\ntoken = "${RUNNER}"\nline three`;
    for (let cut = 1; cut < text.length; cut += 3) {
      const out = await redactChunks([text.slice(0, cut), text.slice(cut)]);
      expect(out).toBe('line one\ntoken = "[REDACTED gitlab-runner-token #1]"\nline three');
    }
  });
});
