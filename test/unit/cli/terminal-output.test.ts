import { afterEach, describe, expect, it, vi } from 'vitest';
import { forTerminal } from '../../../electron/cli/terminal';
import { progressPrinter } from '../../../electron/cli/output';
import { Redactor } from '../../../electron/core/evidence/redact/redactor';
import { progressSource } from '../../../shared/source-ids';
import { redactText } from '../../../electron/core/evidence/redact/redact-stream';

describe('what reaches a terminal', () => {
  afterEach(() => vi.restoreAllMocks());

  it('shows every control character escaped: OSC 52, CSI, BEL, CR, C1 CSI, line separators', () => {
    const hostile = 'a\u001b]52;c;ZWNobw==\u0007b\u001b[2Jc\rd\u009b31me\u2028f\u007f';
    const out = forTerminal(hostile);
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028]/);
    expect(out).toBe('a\\x1b]52;c;ZWNobw==\\x07b\\x1b[2Jc\\x0dd\\x9b31me\\u2028f\\x7f');
    expect(forTerminal('line one\n\tline two')).toBe('line one\n\tline two');
  });

  it('redacts the progress line: a kubeconfig exec plugin that echoes its token does not show it', () => {
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
    const token = 'k8s-aws-v1.' + 'aHR0cHM6Ly9zdHMuYW1hem9uYXdzLmNvbS8_QWN0aW9u';
    const progress = progressPrinter(true);
    progress(progressSource({ kind: 'kube', context: 'prod', namespace: 'ns' }), 'failed', `exec plugin said: {"status":{"token":"${token}"}} \u001b]52;c;eA==\u0007`);
    progress.finish();
    expect(written.join('')).not.toContain(token);
    expect(written.join('')).toContain('[REDACTED');
    expect(written.join('')).not.toContain('\u001b]52');
  });

  it('leaves the CA-file message readable: prose after a PEM marker is not a PEM body', () => {
    const message = 'ca.pem holds no PEM certificate (no "-----BEGIN CERTIFICATE-----" block). Export the CA certificate as PEM (Base-64), not DER.';
    expect(redactText(new Redactor(), message).text).toBe(message);
  });
});

describe('JSON on stdout', () => {
  afterEach(() => vi.restoreAllMocks());

  it('escapes C1 controls, DEL and line separators that JSON.stringify leaves raw; the value is unchanged', async () => {
    const { sayJson } = await import('../../../electron/cli/terminal');
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
    const value = { name: 'a\u009b31mb\u007fc\u2028d\u001b]52;e' };
    sayJson(value);
    const out = written.join('');
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/);
    expect(JSON.parse(out)).toEqual(value);
  });
});
