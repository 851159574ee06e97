import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli';
import findingsEn from '../../../shared/i18n/findings.en.json';

const CASE = resolve(__dirname, '../../fixtures/cases/token-newline-header-error-secret-yaml/evidence');
const MANUAL = findingsEn['token-trailing-newline.fix.strip-token-newline.manual'];

describe('runner-doctor analyze --json (redacted by default)', () => {
  it('keeps the shell expansions in fix advice a user must copy', async () => {
    expect(MANUAL).toContain('--from-literal=runner-token="$(printf %s "$TOKEN")"');
    const r = await runCli(['analyze', CASE, '--json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { findings: { id: string; fixes: { id: string; manual?: string }[] }[] };
    const fix = doc.findings.find((f) => f.id === 'token-trailing-newline')?.fixes.find((x) => x.id === 'strip-token-newline');
    expect(fix?.manual).toBe(MANUAL);
    expect(r.stdout).not.toContain('[REDACTED gitlab-legacy-runner-token');
  });
});
