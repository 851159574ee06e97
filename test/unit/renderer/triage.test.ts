import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../shared/findings';
import { countBySeverity, groupBySubject, indexFindings, matches } from '../../../renderer/src/findings/triage';

const finding = (id: string, severity: Finding['severity'], subject?: string, excerpt = 'line'): Finding => ({
  id,
  severity,
  title: `${id} title`,
  summary: `${id} summary`,
  evidence: [{ file: 'evidence/x.log', line: 1, excerpt }],
  fixes: [],
  references: [],
  ...(subject ? { subject } : {}),
});

describe('findings triage', () => {
  const all = indexFindings([
    finding('runner-offline', 'warning', 'runner 61'),
    finding('job-token-expired', 'error', 'job 8540930992', 'WARNING: ... 403 Forbidden'),
    finding('quota-exceeded', 'error'),
    finding('job-stuck-running', 'error', 'job 8540930992'),
  ]);

  it('puts findings about one subject together, most severe groups first, fleet-wide ones after their peers', () => {
    expect(groupBySubject(all).map((g) => [g.subject, g.worst, g.items.map((i) => i.finding.id)])).toEqual([
      ['job 8540930992', 'error', ['job-stuck-running', 'job-token-expired']],
      ['', 'error', ['quota-exceeded']],
      ['runner 61', 'warning', ['runner-offline']],
    ]);
    expect(new Set(all.map((i) => i.key)).size).toBe(all.length);
  });

  it('filters by severity and by text in the title, summary, id, subject or evidence', () => {
    const filter = (query: string, severities = { error: true, warning: true, info: true }) =>
      all.filter((i) => matches(i.finding, { severities, query })).map((i) => i.finding.id);
    expect(filter('403 forbidden')).toEqual(['job-token-expired']);
    expect(filter('RUNNER 61')).toEqual(['runner-offline']);
    expect(filter('', { error: false, warning: true, info: true })).toEqual(['runner-offline']);
    expect(filter('  ')).toHaveLength(4);
    expect(countBySeverity(all.map((i) => i.finding))).toEqual({ error: 3, warning: 1, info: 0 });
  });
});
