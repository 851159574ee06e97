import { buildChains } from '../../../shared/chains';
import { findingKey, sortFindings, type Finding, type Severity } from '../../../shared/findings';
import { subjectText } from '../../../shared/i18n/text';
import type { Language } from '../../../shared/i18n';

/** A finding with its place in the sorted list, which names it in the DOM and in the view state. */
export interface Indexed {
  finding: Finding;
  key: string;
}

export interface TriageFilter {
  severities: Readonly<Record<Severity, boolean>>;
  query: string;
}

/** Sorted most severe first; each finding keyed by its id and position, since ids repeat per job or file. */
export function indexFindings(findings: readonly Finding[]): Indexed[] {
  return sortFindings(findings).map((finding, i) => ({ finding, key: `${finding.id}-${i + 1}` }));
}

/** Whether a finding passes the severity toggles and the text search (title, summary, id, subject as shown and as keyed, evidence). */
export function matches(finding: Finding, filter: TriageFilter, lang: Language = 'en'): boolean {
  if (!filter.severities[finding.severity]) return false;
  const query = filter.query.trim().toLowerCase();
  if (!query) return true;
  const haystack = [finding.title, finding.summary, finding.id, finding.subject ?? '', subjectText(finding, lang) ?? '', ...finding.evidence.map((e) => `${e.file} ${e.excerpt}`)];
  return haystack.some((text) => text.toLowerCase().includes(query));
}

/** A story: findings linked as cause and effect, or about one subject, root cause first. */
export interface Story {
  /** "read-only config dir → rotated token not saved → job stuck as running" for a chain; else ''. */
  chain: string;
  /** The subject's English key (its text in a language: `subjectText`). */
  subject: string;
  worst: Severity;
  /** In causal order: the root cause first. */
  items: Indexed[];
}

/**
 * The findings shown, as the stories the diagnosis tells (shared/chains.ts): linked findings
 * and findings about one subject together, root cause first, most severe stories first.
 * Findings about no one subject share one "across the fleet" section per severity, where the
 * first of them stands, rather than a heading each.
 */
export function groupByStory(all: readonly Finding[], shown: readonly Indexed[]): Story[] {
  const byKey = new Map(shown.map((i) => [findingKey(i.finding), i]));
  const stories = buildChains(all)
    .map((chain): Story => {
      const items = chain.keys.map((k) => byKey.get(k)).filter((i): i is Indexed => i !== undefined);
      return { chain: chain.keys.length > 1 ? chain.text : '', subject: items[0]?.finding.subject ?? '', worst: chain.severity, items };
    })
    .filter((story) => story.items.length > 0);
  const fleet = new Map<Severity, Story>();
  return stories.filter((story) => {
    if (story.chain || story.subject) return true;
    const first = fleet.get(story.worst);
    if (!first) return (fleet.set(story.worst, story), true);
    first.items.push(...story.items);
    return false;
  });
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
