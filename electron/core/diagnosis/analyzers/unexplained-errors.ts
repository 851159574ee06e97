import type { Finding, Severity } from '../../../../shared/findings';
import { list, msg, type Message } from '../../../../shared/messages';
import type { Analyzer, Draft } from '../analyzer';
import type { FailureGroup, Facts, LogMatch } from '../facts';
import { evidence, fix } from '../finding';
import { timeOf } from '../scan/fields';
import type { LogSignature } from '../scan/signatures';

/** Samples kept per message; beyond them only the count and the times grow. */
const SAMPLES = 5;
/** Messages reported one by one; the rest are summed up in one more finding. */
const MAX_GROUPS = 8;
/** Distinct messages tracked, so that a log of random failures cannot grow memory without end. */
const MAX_TRACKED = 2000;

const LEVEL_RANK = { panic: 0, fatal: 1, error: 2, warning: 3 } as const;
type Level = keyof typeof LEVEL_RANK;

/**
 * A failing line in any of the runner's formats: its own (`ERROR: …`, `FATAL: …`, `PANIC: …`,
 * coloured or as syslog's `#033[31;1m`), logrus text (`level=error`), JSON (`"level":"error"`),
 * and `Job failed` at any level (the runner's own log records failed jobs as warnings,
 * FIELD-NOTES.md §9).
 */
const FAILING = /(?:^|[^A-Za-z_-])(?<level>ERROR|FATAL|PANIC):|\blevel=(?<logrus>error|fatal|panic)\b|"level":\s*"(?<json>error|fatal|panic)"|(?<failed>Job failed)\b/;

function levelOf(m: LogMatch): Level {
  const raw = (m.fields.level ?? m.fields.logrus ?? m.fields.json ?? '').toLowerCase();
  if (raw === 'panic' || raw === 'fatal' || raw === 'error') return raw;
  return /\bERROR\b/.test(m.excerpt) ? 'error' : 'warning';
}

const PREFIX = /^.*?(?:(?:ERROR|FATAL|PANIC|WARNING):\s*)/;
const TRAILING_FIELDS = /\s{2,}(?:[A-Za-z_][\w.-]*=(?:"(?:[^"\\]|\\.)*"|\S*)\s*)+$/;

/** The message of a failing line, without its time, level, host prefix or trailing fields. */
export function messageOf(excerpt: string, fields: Record<string, string> = {}): string {
  if (fields.msg) return `${fields.msg}${fields.error ? `: ${fields.error}` : fields.err ? `: ${fields.err}` : ''}`;
  const jobFailed = excerpt.indexOf('Job failed');
  const cut = PREFIX.test(excerpt) ? excerpt.replace(PREFIX, '') : jobFailed >= 0 ? excerpt.slice(jobFailed) : excerpt;
  return cut.replace(TRAILING_FIELDS, '').replace(/\s+/g, ' ').trim();
}

/** The message with what changes from line to line masked, so that repeats group together. */
export function normalise(message: string): string {
  return message
    .replace(/\b\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?/g, '<time>')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<id>')
    .replace(/\b(?=[a-z0-9]*\d)(?=[a-z0-9]*[a-z])[a-z0-9]{5,}\b/gi, '<id>')
    .replace(/\b\d+(?:\.\d+)*\b/g, 'N')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 240);
}

function record(m: LogMatch, facts: Facts, alsoMatched: readonly string[]): void {
  const message = messageOf(m.excerpt, m.fields);
  const key = normalise(message);
  let group = facts.failures.get(key);
  if (!group) {
    if (facts.failures.size >= MAX_TRACKED) return;
    group = { key, level: levelOf(m), count: 0, samples: [], alsoMatched: new Set() };
    facts.failures.set(key, group);
  }
  group.count++;
  const level = levelOf(m);
  if (LEVEL_RANK[level] < LEVEL_RANK[group.level]) group.level = level;
  const time = m.fields.time ? (timeOf(m.fields.time) ?? timeOf(m.excerpt)) : timeOf(m.excerpt);
  if (time && (!group.first || time < group.first)) group.first = time;
  if (time && (!group.last || time > group.last)) group.last = time;
  if (group.samples.length < SAMPLES) group.samples.push({ file: m.file, line: m.line, excerpt: m.excerpt });
  for (const s of alsoMatched) group.alsoMatched.add(s);
}

export const FAILING_LINE: LogSignature = {
  id: 'failing-line',
  hints: ['ERROR:', 'FATAL:', 'PANIC:', 'level=error', 'level=fatal', 'level=panic', '"level":"error"', '"level":"fatal"', '"level":"panic"', 'Job failed'],
  pattern: FAILING,
  record,
};

/** Signatures whose lines an analyzer explains when it reports a finding: id → analyzer id. */
function explainingSignatures(findings: readonly Finding[], explains: ReadonlyMap<string, readonly string[]>): Set<string> {
  const fired = new Set(findings.map((f) => f.id));
  const out = new Set<string>();
  for (const [analyzer, sigs] of explains) if (fired.has(analyzer)) for (const s of sigs) out.add(s);
  return out;
}

const SEVERITY: Record<Level, Severity> = { panic: 'error', fatal: 'error', error: 'error', warning: 'warning' };

const P = 'unexplained-errors';

/** A group in words: its message as logged (not translated), how many lines and when. */
function describe(g: FailureGroup): Message {
  const params = { message: messageOf(g.samples[0]!.excerpt), count: g.count };
  if (!g.first) return msg(`${P}.group`, params);
  return g.first === g.last ? msg(`${P}.group.at`, { ...params, at: g.first }) : msg(`${P}.group.range`, { ...params, first: g.first, last: g.last });
}

/**
 * Never silent on a failing log: every ERROR/FATAL/PANIC line and every `Job failed` line in a
 * recognised log that no other finding explains, grouped by message with ids, hashes, numbers
 * and times masked. A group is explained when another finding cites a line with the same
 * message, or when a signature of an analyzer that reported a finding matched its lines.
 * Severity follows the worst level among its lines (`WARNING: Job failed` in the runner's own
 * log is a warning). Not fired by: logs without failing lines.
 */
export function unexplainedErrors(explains: ReadonlyMap<string, readonly string[]>): Analyzer {
  return {
    id: 'unexplained-errors',
    label: msg(`${P}.label`),
    signatures: [FAILING_LINE],
    analyze(facts: Facts, earlier: readonly Finding[]): Draft[] {
      if (!facts.failures.size) return [];
      const cited = new Set<string>();
      const citedKeys = new Set<string>();
      for (const f of earlier) {
        for (const e of f.evidence) {
          cited.add(`${e.file}\n${e.line}`);
          citedKeys.add(normalise(messageOf(e.excerpt)));
        }
      }
      const explainedBySignature = explainingSignatures(earlier, explains);
      // A job log holds one job: once a finding explains something in it, its `Job failed` line follows.
      const jobLogs = new Set(facts.entries.filter((e) => e.kind === 'job-log').map((e) => e.path));
      const explainedJobs = new Set(earlier.flatMap((f) => f.evidence.map((e) => e.file)).filter((f) => jobLogs.has(f)));
      const jobEnded = (g: FailureGroup) => g.key.startsWith('Job failed') && g.count === g.samples.length && g.samples.every((s) => explainedJobs.has(s.file));
      const open = [...facts.failures.values()]
        .filter((g) => !citedKeys.has(g.key) && !g.samples.some((s) => cited.has(`${s.file}\n${s.line}`)) && ![...g.alsoMatched].some((s) => explainedBySignature.has(s)) && !jobEnded(g))
        .sort((a, b) => LEVEL_RANK[a.level] - LEVEL_RANK[b.level] || b.count - a.count || (a.first ?? '').localeCompare(b.first ?? ''));
      const shown = open.length > MAX_GROUPS ? open.slice(0, MAX_GROUPS - 1) : open;
      const rest = open.slice(shown.length);
      const drafts: Draft[] = shown.map((g) => ({
        id: 'unexplained-errors',
        severity: SEVERITY[g.level],
        title:
          g.level === 'warning'
            ? msg(`${P}.title.failure`, { message: messageOf(g.samples[0]!.excerpt).slice(0, 120) })
            : msg(`${P}.title.level`, { level: g.level.toUpperCase(), message: messageOf(g.samples[0]!.excerpt).slice(0, 120) }),
        summary: [msg(`${P}.summary.what`, { what: describe(g) }), msg(`${P}.summary.read`)],
        label: msg(`${P}.label.message`, { message: messageOf(g.samples[0]!.excerpt).slice(0, 70) }),
        evidence: evidence(g.samples),
        fixes: [fix('investigate-failure', msg(`${P}.fix.investigate-failure.title`), msg(`${P}.fix.investigate-failure.manual`))],
        references: ['https://docs.gitlab.com/runner/faq/', 'https://gitlab.com/gitlab-org/gitlab-runner/-/issues'],
      }));
      if (rest.length) {
        const worst = rest.reduce((w, g) => (LEVEL_RANK[g.level] < LEVEL_RANK[w] ? g.level : w), 'warning' as Level);
        drafts.push({
          id: 'unexplained-errors',
          severity: SEVERITY[worst],
          title: msg(`${P}.rest.title`, { count: rest.length }),
          summary: [msg(rest.length > 6 ? `${P}.rest.summary.more` : `${P}.rest.summary`, { groups: list(rest.slice(0, 6).map(describe), 'semicolon') })],
          evidence: evidence(rest.map((g) => g.samples[0]!)),
          fixes: [fix('investigate-failure', msg(`${P}.fix.investigate-failure.title`), msg(`${P}.rest.fix.investigate-failure.manual`))],
          references: ['https://docs.gitlab.com/runner/faq/'],
        });
      }
      return drafts;
    },
  };
}
