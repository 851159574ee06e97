import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../shared/findings';
import { countBySeverity, groupByStory, indexFindings, matches } from '../../../renderer/src/findings/triage';
import { msg } from '../../../shared/messages';
import { subjects } from '../../../shared/subjects';

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

  it('tells findings about one subject as one story, most severe and longest first', () => {
    const findings = all.map((i) => i.finding);
    expect(groupByStory(findings, all).map((g) => [g.chain, g.subject, g.worst, g.items.map((i) => i.finding.id)])).toEqual([
      ['job-stuck-running title → job-token-expired title', 'job 8540930992', 'error', ['job-stuck-running', 'job-token-expired']],
      ['', '', 'error', ['quota-exceeded']],
      ['', 'runner 61', 'warning', ['runner-offline']],
    ]);
    expect(new Set(all.map((i) => i.key)).size).toBe(all.length);
  });

  it('puts findings about no one subject under one heading per severity, not a heading each', () => {
    const findings = [
      finding('quota-exceeded', 'error'),
      finding('runner-token-invalid', 'error'),
      finding('long-polling-bottleneck', 'warning'),
      finding('runner-offline', 'warning', 'runner 61'),
      finding('helper-image-permission-container', 'error'),
    ];
    const stories = groupByStory(findings, indexFindings(findings)).map((g) => [g.subject, g.worst, g.items.map((i) => i.finding.id)]);
    expect(stories).toEqual([
      ['', 'error', ['quota-exceeded', 'runner-token-invalid', 'helper-image-permission-container']],
      ['', 'warning', ['long-polling-bottleneck']],
      ['runner 61', 'warning', ['runner-offline']],
    ]);
  });

  it('puts the root cause first when findings are linked as cause and effect', () => {
    const cause = { ...finding('config-dir-read-only', 'warning', 'runner a'), label: 'read-only config dir', causes: ['job-stuck-running@job 7'] };
    const effect = { ...finding('job-stuck-running', 'error', 'job 7'), label: 'job stuck as running', causedBy: ['config-dir-read-only@runner a'] };
    const indexed = indexFindings([effect, cause]);
    const [story] = groupByStory([effect, cause], indexed);
    expect(story?.chain).toBe('read-only config dir → job stuck as running');
    expect(story?.items.map((i) => i.finding.id)).toEqual(['config-dir-read-only', 'job-stuck-running']);
    // A filtered-out member leaves the rest of its story in place.
    expect(groupByStory([effect, cause], indexed.slice(0, 1)).map((s) => s.items.length)).toEqual([1]);
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

  it('finds a subject by the words the language shows it in', () => {
    const shown = { ...finding('runner-offline', 'warning', 'runner 61'), messages: { title: msg('x'), summary: [], subject: subjects.runner(61) } };
    const everything = { error: true, warning: true, info: true };
    expect(matches(shown, { severities: everything, query: 'раннер 61' }, 'ru')).toBe(true);
    expect(matches(shown, { severities: everything, query: 'runner 61' }, 'ru')).toBe(true);
    expect(matches(shown, { severities: everything, query: 'раннер 61' }, 'en')).toBe(false);
  });
});
