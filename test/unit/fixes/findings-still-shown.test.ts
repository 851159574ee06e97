import { describe, expect, it } from 'vitest';
import { findingsStillShown, type Finding } from '../../../shared/findings';

const finding = (id: string, title: string, subject?: string): Finding => ({
  id,
  severity: 'error',
  title,
  summary: 'summary',
  evidence: [{ file: 'evidence/runner.log', line: 1, excerpt: 'line' }],
  fixes: [{ id: 'rotate-runner-token', title: 'Rotate', automated: true }],
  references: [],
  ...(subject ? { subject } : {}),
});

describe('after a fix: is the finding still shown by a fresh collection', () => {
  it('a finding whose title never names the runner is still the same finding when its id and subject are', () => {
    const before = finding('runner-token-invalid', 'GitLab refuses the runner token', 'runner 7');
    const fresh = [finding('runner-token-invalid', 'GitLab refuses the runner token (3 times)', 'runner 7')];
    expect(findingsStillShown(fresh, [before]).map((f) => f.subject)).toEqual(['runner 7']);
  });

  it('the same finding about another subject, or another finding, is not the one that was fixed', () => {
    const before = finding('runner-token-invalid', 'GitLab refuses the runner token', 'runner 7');
    const fresh = [finding('runner-token-invalid', 'runner 7 is mentioned here', 'runner 8'), finding('runner-offline', 'runner 7 offline', 'runner 7')];
    expect(findingsStillShown(fresh, [before])).toEqual([]);
  });

  it('a finding without a subject is matched by its id', () => {
    const before = finding('long-polling-bottleneck', 'Long polling blocks job pickup');
    expect(findingsStillShown([finding('long-polling-bottleneck', 'other words')], [before])).toHaveLength(1);
    expect(findingsStillShown([], [before])).toEqual([]);
  });
});
