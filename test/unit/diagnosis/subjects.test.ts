import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../shared/findings';
import { findingKey, findingsStillShown } from '../../../shared/findings';
import { formatMessage, localizeFinding, subjectText } from '../../../shared/i18n/text';
import { msg } from '../../../shared/messages';
import { jobOfSubject, namespaceOfSubject, subjects } from '../../../shared/subjects';
import { renderMarkdownReport } from '../../../electron/core/evidence/bundle/report-md';
import type { Manifest } from '../../../shared/bundle';

const finding = (subject: string, messages?: Finding['messages']): Finding => ({
  id: 'job-stuck-running',
  severity: 'error',
  title: 'Job 7 is stuck as running',
  summary: 'GitLab still shows job 7 as running.',
  evidence: [{ file: 'evidence/runner.log', line: 3, excerpt: 'job=7' }],
  fixes: [],
  references: [],
  subject,
  ...(messages ? { messages } : {}),
});

const withMessage = finding('job 7', { title: msg('x'), summary: [], subject: subjects.job(7) });

describe('finding subjects', () => {
  it('are English keys in English and engineers’ words in Russian', () => {
    expect(formatMessage(subjects.job(7))).toBe('job 7');
    expect(formatMessage(subjects.job(7), 'ru')).toBe('джоба 7');
    expect(formatMessage(subjects.runner(61), 'ru')).toBe('раннер 61');
    expect(formatMessage(subjects.namespace('ci'), 'ru')).toBe('неймспейс ci');
    expect(formatMessage(subjects.jobs(5))).toBe('5 jobs');
    expect([1, 3, 5, 21].map((n) => formatMessage(subjects.jobs(n), 'ru'))).toEqual(['1 джоба', '3 джобы', '5 джоб', '21 джоба']);
    expect(formatMessage(subjects.workload('Deployment', 'ci/runner'), 'ru')).toBe('Deployment ci/runner');
    expect(formatMessage(subjects.named(msg('runner.inConfig.named', { name: 'a', origin: 'config.toml' })), 'ru')).toBe('раннер "a" в config.toml');
  });

  it('read back the job and namespace they name, from the English key', () => {
    expect(jobOfSubject('job 8540930992')).toBe('8540930992');
    expect(jobOfSubject('5 jobs')).toBeUndefined();
    expect(jobOfSubject('job ')).toBeUndefined();
    expect(namespaceOfSubject('namespace gitlab-ci')).toBe('gitlab-ci');
    expect(namespaceOfSubject('runner 7')).toBeUndefined();
  });

  it('show in the chosen language while the key fixes compare stays English', () => {
    expect(subjectText(withMessage, 'ru')).toBe('джоба 7');
    expect(subjectText(withMessage, 'en')).toBe('job 7');
    const ru = localizeFinding(withMessage, 'ru');
    expect(ru.subject).toBe('job 7');
    expect(findingKey(ru)).toBe('job-stuck-running@job 7');
    expect(findingsStillShown([withMessage], [ru])).toHaveLength(1);
  });

  it('fall back to the English subject for findings from older bundles', () => {
    expect(subjectText(finding('job 7'), 'ru')).toBe('job 7');
    expect(subjectText({ ...finding('job 7'), subject: undefined }, 'ru')).toBeUndefined();
  });

  it('read in report.md in the report’s language', () => {
    const manifest: Manifest = { format: 'runner-doctor-bundle/1', createdAt: '2025-03-04T12:00:00.000Z', app: { name: 'runner-doctor', version: '0.1.0' }, sources: [], files: [], errors: [] };
    expect(renderMarkdownReport(manifest, [withMessage], 'ru')).toContain('`job-stuck-running` · джоба 7');
    expect(renderMarkdownReport(manifest, [withMessage], 'en')).toContain('`job-stuck-running` · job 7');
    expect(renderMarkdownReport(manifest, [finding('job 7')], 'ru')).toContain('`job-stuck-running` · job 7');
  });
});
