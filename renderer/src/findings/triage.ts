import { sortFindings, type Finding, type Severity } from '../../../shared/findings';

/** A finding with its place in the sorted list, which names it in the DOM and in the view state. */
export interface Indexed {
  finding: Finding;
  key: string;
}

export interface SubjectGroup {
  /** What the findings are about (a job, a runner, a host); '' for findings without one. */
  subject: string;
  worst: Severity;
  items: Indexed[];
}

export interface TriageFilter {
  severities: Readonly<Record<Severity, boolean>>;
  query: string;
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Sorted most severe first; each finding keyed by its id and position, since ids repeat per job or file. */
export function indexFindings(findings: readonly Finding[]): Indexed[] {
  return sortFindings(findings).map((finding, i) => ({ finding, key: `${finding.id}-${i + 1}` }));
}

/** Whether a finding passes the severity toggles and the text search (title, summary, id, subject, evidence). */
export function matches(finding: Finding, filter: TriageFilter): boolean {
  if (!filter.severities[finding.severity]) return false;
  const query = filter.query.trim().toLowerCase();
  if (!query) return true;
  const haystack = [finding.title, finding.summary, finding.id, finding.subject ?? '', ...finding.evidence.map((e) => `${e.file} ${e.excerpt}`)];
  return haystack.some((text) => text.toLowerCase().includes(query));
}

/**
 * Findings about the same subject side by side: two findings about one job read as one problem
 * seen twice. Groups go most severe first, findings within a group too.
 */
export function groupBySubject(items: readonly Indexed[]): SubjectGroup[] {
  const groups = new Map<string, Indexed[]>();
  for (const item of items) {
    const subject = item.finding.subject ?? '';
    groups.set(subject, [...(groups.get(subject) ?? []), item]);
  }
  return [...groups.entries()]
    .map(([subject, members]) => {
      const sorted = [...members].sort((a, b) => RANK[a.finding.severity] - RANK[b.finding.severity]);
      return { subject, worst: sorted[0]!.finding.severity, items: sorted };
    })
    .sort((a, b) => RANK[a.worst] - RANK[b.worst] || Number(a.subject === '') - Number(b.subject === '') || a.subject.localeCompare(b.subject));
}

/** Findings per severity, for the summary's counts. */
export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** The first line of a text, for a collapsed card. */
export function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? '';
}
