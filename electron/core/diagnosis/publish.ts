import { findingKey, type Finding } from '../../../shared/findings';
import type { Analyzer, Draft } from './analyzer';
import type { Facts } from './facts';
import { english, failingLinesAfter, MAX_EVIDENCE } from './finding';
import { formatSentences } from '../../../shared/i18n/text';
import type { Message } from '../../../shared/messages';
import { jobOfSubject } from '../../../shared/subjects';
import { timeOf } from './scan/fields';
import { gitlabRunnerOf, placeOf } from './derive/places';

/**
 * A job log holds one job: a finding that explains something in it also cites how the job ended
 * (`ERROR: Job failed: …`), so the reader sees the failure next to its cause.
 */
function withJobEnd(draft: Draft, facts: Facts): Draft['evidence'] {
  const out = [...draft.evidence];
  const jobLogs = new Set(facts.entries.filter((e) => e.kind === 'job-log').map((e) => e.path));
  for (const file of new Set(out.map((e) => e.file).filter((f) => jobLogs.has(f)))) {
    const cited = out.filter((e) => e.file === file);
    const ends = failingLinesAfter(facts, { ...cited[0]!, line: 0 }, 50).filter((l) => /Job failed/.test(l.excerpt));
    const end = ends.find((l) => l.line >= Math.min(...cited.map((c) => c.line)));
    if (end && !cited.some((c) => c.line === end.line) && out.length < MAX_EVIDENCE)
      out.push({ file: end.file, line: end.line, excerpt: end.excerpt });
  }
  return out;
}

/**
 * The finding's texts in English, and their message ids where the analyzer gave them (all or
 * nothing: a finding's `messages` render to exactly its English fields).
 */
function texts(draft: Draft, analyzer: Analyzer): Pick<Finding, 'title' | 'summary' | 'label' | 'ruledOut' | 'versions' | 'subject' | 'messages'> {
  const label = draft.label ?? analyzer.label;
  const claims = draft.ruledOut?.map((c) => c.text) ?? [];
  const en = {
    title: english(draft.title),
    summary: typeof draft.summary === 'string' ? draft.summary : formatSentences(draft.summary),
    label: english(label),
    ...(claims.length ? { ruledOut: claims.map(english) } : {}),
    ...(draft.versions ? { versions: english(draft.versions) } : {}),
    ...(draft.subject ? { subject: english(draft.subject) } : {}),
  };
  const { title, summary, versions, subject } = draft;
  if (typeof title === 'string' || typeof summary === 'string' || typeof label === 'string' || typeof versions === 'string' || claims.some((c) => typeof c === 'string')) return en;
  return { ...en, messages: { title, summary, label, ...(claims.length ? { ruledOut: claims as Message[] } : {}), ...(versions ? { versions } : {}), ...(subject ? { subject } : {}) } };
}

/** A draft as the world sees it: ruled-out claims as sentences, a unique key, its times and label. */
export function publish(draft: Draft, analyzer: Analyzer, taken: Set<string>, facts: Facts): Finding {
  const { id, severity, ruledOut: _claims, title: _title, summary: _summary, label: _label, ...rest } = { ...draft, evidence: withJobEnd(draft, facts) };
  const times = draft.evidence
    .map((e) => timeOf(e.excerpt))
    .filter((t): t is string => !!t)
    .sort();
  const { title, summary, label, ruledOut, versions, subject, messages } = texts(draft, analyzer);
  const base = findingKey({ id, subject });
  let key = base;
  for (let n = 2; taken.has(key); n++) key = `${base}#${n}`;
  taken.add(key);
  // The English versions and subject texts in place of their messages, keeping the fields where the analyzer put them.
  const others = { ...rest } as Omit<typeof rest, 'versions' | 'subject'> & { versions?: string; subject?: string };
  if (versions) others.versions = versions;
  if (subject) others.subject = subject;
  return {
    id,
    severity,
    title,
    summary,
    ...others,
    ...(ruledOut ? { ruledOut } : {}),
    key,
    label,
    ...(messages ? { messages } : {}),
    ...(times.length ? { firstSeen: times[0]!, lastSeen: times[times.length - 1]! } : {}),
  };
}

const jobOf = (f: Finding) => jobOfSubject(f.subject);

/**
 * Where a finding's evidence was collected: a Kubernetes namespace or SSH host (`place`), and
 * the GitLab runners whose API answers it cites (`runner`). Read from the bundle's layout
 * (`kube/<context>/<namespace>/…`, `ssh/<host>/…`, `gitlab/runners/<id>…`).
 */
function scopeOf(f: Finding): { place: Set<string>; runner: Set<string> } {
  const place = new Set<string>();
  const runner = new Set<string>();
  for (const { file } of f.evidence) {
    const p = placeOf(file);
    if (p) place.add(p);
    const id = gitlabRunnerOf(file);
    if (id) runner.add(id);
  }
  return { place, runner };
}

const disjoint = (a: Set<string>, b: Set<string>) => a.size > 0 && b.size > 0 && ![...a].some((x) => b.has(x));

/**
 * Cause and effect must be about the same thing: never two different jobs, never evidence from
 * two different namespaces or hosts only, never two different GitLab runners. Where the evidence
 * does not say (a loose file), the scope is taken as shared.
 */
function sameScope(a: Finding, b: Finding): boolean {
  const ja = jobOf(a);
  const jb = jobOf(b);
  if (ja && jb && ja !== jb) return false;
  const sa = scopeOf(a);
  const sb = scopeOf(b);
  return !disjoint(sa.place, sb.place) && !disjoint(sa.runner, sb.runner);
}

/** Links each finding to the findings its analyzer says it causes (`causes` / `causedBy`). */
export function link(findings: Finding[], analyzers: readonly Analyzer[]): void {
  const causesOf = new Map(analyzers.map((a) => [a.id, new Set(a.causes ?? [])]));
  for (const effect of findings) {
    let causes = findings.filter((cause) => cause !== effect && causesOf.get(cause.id)?.has(effect.id) && sameScope(cause, effect));
    // An effect whose evidence names no place (a GitLab runner's status) cannot tell which of
    // several places' causes is its own: link none of those rather than guess.
    const places = new Set(causes.map((c) => [...scopeOf(c).place].sort().join(',')).filter(Boolean));
    if (!scopeOf(effect).place.size && places.size > 1) causes = causes.filter((c) => !scopeOf(c).place.size);
    for (const cause of causes) {
      cause.causes = [...(cause.causes ?? []), effect.key!];
      effect.causedBy = [...(effect.causedBy ?? []), cause.key!];
    }
  }
}
