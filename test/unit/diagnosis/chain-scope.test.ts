import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../shared/findings';
import { ANALYZERS } from '../../../electron/core/diagnosis/analyzers';
import { link } from '../../../electron/core/diagnosis/publish';

const finding = (id: string, files: string[], subject?: string): Finding => ({
  id,
  severity: 'error',
  title: id,
  summary: id,
  evidence: files.map((file, i) => ({ file, line: i + 1, excerpt: 'x' })),
  fixes: [],
  references: [],
  ...(subject ? { subject } : {}),
  key: subject ? `${id}@${subject}` : id,
});

describe('cause and effect stay within one runner', () => {
  it('links a PAT in a namespace to the jobs and runner that namespace shows', () => {
    const pat = finding('runner-token-is-pat', ['evidence/kube/prod/ci/configmaps/cfg/config.toml']);
    const stuck = finding(
      'job-stuck-running',
      ['evidence/kube/prod/ci/pods/runner-0/gitlab-runner.log', 'evidence/gitlab/runners/7-jobs-running.json'],
      'job 1',
    );
    link([pat, stuck], ANALYZERS);
    expect(pat.causes).toEqual([stuck.key]);
    expect(stuck.causedBy).toEqual([pat.key]);
  });

  it('does not chain findings from two namespaces, as when a cluster runs several runners', () => {
    const pat = finding('runner-token-is-pat', ['evidence/kube/lab/runner-b/configmaps/cfg/config.toml']);
    const expired = finding('job-token-expired', ['evidence/kube/lab/runner-a/pods/p/gitlab-runner.log'], 'job 9');
    const stuck = finding(
      'job-stuck-running',
      ['evidence/kube/lab/runner-a/pods/p/gitlab-runner.log', 'evidence/gitlab/runners/38-jobs-running.json'],
      'job 9',
    );
    link([pat, expired, stuck], ANALYZERS);
    expect(pat.causes).toBeUndefined();
    expect(stuck.causedBy).toEqual([expired.key]);
  });

  it('does not chain one GitLab runner offline to a job another runner holds', () => {
    const offline = finding('runner-offline', ['evidence/gitlab/runners/61.json'], 'runner 61');
    const stuck = finding('job-stuck-running', ['evidence/gitlab/runners/38-jobs-running.json'], 'job 9');
    link([offline, stuck], ANALYZERS);
    expect(offline.causes).toBeUndefined();
  });

  it('keeps linking loose files, whose layout says nothing about where they came from', () => {
    const dir = finding('config-dir-read-only', ['runner.log']);
    const lost = finding('rotated-token-lost', ['runner.log']);
    link([dir, lost], ANALYZERS);
    expect(dir.causes).toEqual([lost.key]);
  });
});

describe('an effect that names no place', () => {
  it('is linked to no cause when causes in two places could each explain it', () => {
    const pat = finding('runner-token-is-pat', ['evidence/kube/lab/runner-a/configmaps/cfg/config.toml']);
    const invalid = finding('runner-token-invalid', ['evidence/kube/lab/runner-b/pods/p/gitlab-runner.log']);
    const offline = finding('runner-offline', ['evidence/gitlab/runners/63.json'], 'runner 63');
    link([pat, invalid, offline], ANALYZERS);
    expect(offline.causedBy).toBeUndefined();
  });
});
