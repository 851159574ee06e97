import { describe, expect, it } from 'vitest';
import { MANUAL_STEPS } from '../../../electron/core/diagnosis/manual-steps';
import { referenceUrl, splitCode, splitQuoted } from '../../../renderer/src/findings/code-spans';

const codeOf = (text: string) =>
  splitCode(text)
    .filter((s) => s.kind === 'code')
    .map((s) => s.text);

describe('advice split into prose and copyable code', () => {
  it('finds kubectl commands, API calls and config assignments, and keeps the prose around them', () => {
    const text = MANUAL_STEPS['delete-orphaned-job-secrets'];
    expect(codeOf(text)).toEqual([
      "kubectl get secret NAME -n NS -o jsonpath='{.metadata.ownerReferences}'",
      'kubectl delete secret NAME -n NS',
    ]);
    expect(
      splitCode(text)
        .map((s) => s.text)
        .join(''),
    ).toBe(text);
    expect(codeOf(MANUAL_STEPS['cancel-stuck-job'])).toEqual(['POST /api/v4/projects/:id/jobs/:job_id/cancel']);
    expect(codeOf(MANUAL_STEPS['pin-helper-image'])[0]).toBe(
      'helper_image = "registry.gitlab.com/gitlab-org/gitlab-runner/gitlab-runner-helper:x86_64-<revision>"',
    );
  });

  it('every manual step joins back to its text', () => {
    for (const text of Object.values(MANUAL_STEPS))
      expect(
        splitCode(text)
          .map((s) => s.text)
          .join(''),
      ).toBe(text);
  });

  it('sets names quoted in backticks as inline code, dropping the backticks; a lone backtick stays', () => {
    expect(splitQuoted('the runner writes `.runner_system_id` next to `config.toml`.')).toEqual([
      { kind: 'text', text: 'the runner writes ' },
      { kind: 'code', text: '.runner_system_id' },
      { kind: 'text', text: ' next to ' },
      { kind: 'code', text: 'config.toml' },
      { kind: 'text', text: '.' },
    ]);
    expect(splitQuoted('a lone ` stays')).toEqual([{ kind: 'text', text: 'a lone ` stays' }]);
  });

  it('links URLs and GitLab issue and merge request references', () => {
    expect(referenceUrl('https://docs.gitlab.com/ci/jobs/')).toBe('https://docs.gitlab.com/ci/jobs/');
    expect(referenceUrl('gitlab#380872')).toBe('https://gitlab.com/gitlab-org/gitlab/-/issues/380872');
    expect(referenceUrl('gitlab-runner!5275')).toBe('https://gitlab.com/gitlab-org/gitlab-runner/-/merge_requests/5275');
    expect(referenceUrl('see the runbook')).toBeUndefined();
    expect(referenceUrl('javascript:alert(1)')).toBeUndefined();
  });
});
