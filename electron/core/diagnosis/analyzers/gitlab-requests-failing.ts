import type { Finding, Severity } from '../../../../shared/findings';
import { list, msg, type Message } from '../../../../shared/messages';
import type { Analyzer, Draft } from '../analyzer';
import { isOutage, requestBursts, type Burst } from '../derive/request-bursts';
import { adviceOf, causeOf, type RequestCause } from '../derive/request-causes';
import { countOf, matchesOf, type Facts, type Located, type LogMatch } from '../facts';
import { claim, evidence, fix, groupBy, LOG_KINDS } from '../finding';
import { timeOf } from '../scan/fields';

const P = 'gitlab-requests-failing';

/**
 * Bursts of failures (requests working in between) within RECUR_S in one log that make the
 * failures a pattern rather than a blip. A GitLab restart or a load balancer hiccup is one
 * burst; two can be a restart and a deploy; three within an hour is a path that loses requests.
 */
export const RECURRING_BURSTS = 3;
export const RECUR_S = 60 * 60;

/** Distinct failure texts named for failures of no known network cause. */
const MAX_DETAILS = 3;

const TEXT_STATUS = /\bstatus=(.+?)(?:\s+[a-z][\w-]*=\S*)*\s*$/;

const at = (l: Located) => `${l.file}\n${l.line}`;

/** Failures come back after requests worked again: RECURRING_BURSTS bursts within RECUR_S in some log. */
function recurs(bursts: readonly Burst[]): boolean {
  for (const [, inFile] of groupBy(bursts, (b) => b.file)) {
    const times = inFile.map((b) => (b.first ? new Date(b.first).getTime() : NaN));
    // A log without times says only how many bursts there were.
    if (times.some(Number.isNaN)) {
      if (inFile.length >= RECURRING_BURSTS) return true;
      continue;
    }
    for (let i = 0; i + RECURRING_BURSTS - 1 < times.length; i++) if (times[i + RECURRING_BURSTS - 1]! - times[i]! <= RECUR_S * 1000) return true;
  }
  return false;
}

/** What a failure of no known network cause said: the end of its status or error (`500 Internal Server Error`). */
function detailOf(m: LogMatch): string {
  // In the text format the status runs to the end of the line, before any later `key=value` fields.
  const raw = TEXT_STATUS.exec(m.excerpt)?.[1] ?? m.fields.status ?? m.fields.error ?? m.fields.err ?? m.fields.verdict ?? 'failed';
  return (raw.split(': ').pop() ?? raw).trim().slice(0, 80);
}

function causesOf(failures: readonly LogMatch[]): { causes: Message[]; heads: LogMatch[] } {
  const known = groupBy(failures, (m) => causeOf(m.excerpt) ?? 'other');
  const causes: Message[] = [];
  for (const c of known.keys()) {
    if (c !== 'other') causes.push(adviceOf(c as RequestCause));
  }
  const other = known.get('other');
  if (other) causes.push(msg(`${P}.cause.other`, { details: list([...new Set(other.map(detailOf))].slice(0, MAX_DETAILS), 'semicolon') }));
  return { causes, heads: [...known.values()].map((g) => g[0]!) };
}

function percentOf(count: number, total: number): string {
  const p = (count * 100) / total;
  return p >= 1 || p === 0 ? String(Math.round(p)) : p.toFixed(1);
}

/** Signatures whose lines the findings already reported explain (`explains`: analyzer id → signatures). */
function explainedSignatures(earlier: readonly Finding[], explains: ReadonlyMap<string, readonly string[]>): Set<string> {
  const fired = new Set(earlier.map((f) => f.id));
  return new Set([...explains].filter(([id]) => fired.has(id)).flatMap(([, sigs]) => sigs));
}

/**
 * Never silent on failed requests to GitLab: `Checking for jobs... failed`, `Appending trace to
 * coordinator... failed` and the like (signature gitlab-request-failed) that no other finding
 * explains — gitlab-unreachable when they make an outage, tls-unknown-authority for x509 — are
 * reported with their count and share of the logged requests, their causes, first and last time.
 * The runner does not retry a request that cannot connect and keeps polling after it (it counts
 * only 403s and client errors against its health: gitlab-runner network/gitlab.go RequestJob),
 * so a path that loses requests shows as failures among successes, never as the runner giving up.
 * Severity: warning when the failures recur (RECURRING_BURSTS bursts with requests working in
 * between, within RECUR_S in one log) or last like an outage whose cause no known failure mode
 * names (error while the log ends in them); info for a blip — one or two short bursts after
 * which requests work again, such as a GitLab restart — which is said, not alarmed about.
 * Not fired by: failed requests another finding explains; logs without failed requests.
 */
export function gitlabRequestsFailing(explains: ReadonlyMap<string, readonly string[]>): Analyzer {
  return {
    id: P,
    label: msg(`${P}.label`),
    // A final job update lost to a failed request leaves the job running in GitLab (gitlab-runner#38017).
    causes: ['job-stuck-running'],
    explains: ['gitlab-request-failed'],
    analyze(facts: Facts, earlier: readonly Finding[]): Draft[] {
      const all = matchesOf(facts, 'gitlab-request-failed');
      if (!all.length) return [];
      const explained = explainedSignatures(earlier, explains);
      // One finding per problem: an outage gitlab-unreachable reports explains every failed request.
      if (explained.has('gitlab-request-failed')) return [];
      const covered = new Set([...earlier.flatMap((f) => f.evidence), ...matchesOf(facts, ...explained)].map(at));
      const failures = all.filter((m) => !covered.has(at(m)));
      if (!failures.length) return [];
      // Past the matches kept per signature only the count grows: those are counted as unexplained too.
      const count = failures.length + Math.max(0, countOf(facts, 'gitlab-request-failed') - all.length);
      const files = new Set(failures.map((m) => m.file));
      const successes = [...files].reduce((n, f) => n + (facts.logSpans.get(f)?.successes ?? 0), 0);
      const bursts = requestBursts(facts, failures);
      const outages = bursts.filter(isOutage);
      const recurring = recurs(bursts);
      const ongoing = outages.some((b) => !b.ended);
      const severity: Severity = ongoing ? 'error' : outages.length || recurring ? 'warning' : 'info';
      const times = failures
        .map((m) => timeOf(m.excerpt))
        .filter((t): t is string => !!t)
        .sort();
      const [first, last] = [times[0], times[times.length - 1]];
      const { causes, heads } = causesOf(failures);
      const title = recurring ? msg(`${P}.title.intermittent`) : outages.length ? msg(`${P}.title.failing`) : msg(`${P}.title.brief`, { count });
      const after = outages.length
        ? [msg(ongoing ? `${P}.summary.ongoing` : `${P}.summary.recovered`), msg(`${P}.summary.impact.failing`)]
        : recurring
          ? [msg(`${P}.summary.bursts`, { count: bursts.length }), msg(`${P}.summary.impact.intermittent`)]
          : [msg(bursts.every((b) => b.ended) ? `${P}.summary.blip` : `${P}.summary.logEnds`)];
      const summary: Message[] = [
        msg(`${P}.summary.share`, { count, total: count + successes, percent: percentOf(count, count + successes) }),
        ...(first && last ? [first === last ? msg(`${P}.summary.when.at`, { at: first }) : msg(`${P}.summary.when.range`, { first, last })] : []),
        msg(`${P}.summary.causes`, { causes: list(causes, 'semicolon') }),
        ...after,
        ...(severity === 'info' ? [] : [msg(`${P}.summary.debugPolls`)]),
      ];
      const sorted = [...failures].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
      return [
        {
          id: P,
          severity,
          title,
          summary,
          evidence: evidence(sorted[0], sorted[sorted.length - 1], heads, bursts.map((b) => b.failures[0]!)),
          fixes: [fix('check-network-path', msg(`${P}.fix.check-network-path.title`), msg(`${P}.fix.check-network-path.manual`, { causes: list(causes, 'semicolon') }))],
          references: ['https://docs.gitlab.com/runner/faq/', 'https://docs.gitlab.com/runner/configuration/advanced-configuration/'],
          ruledOut: outages.length || !bursts.every((b) => b.ended) ? [] : [claim(facts, LOG_KINDS, msg(`${P}.ruledOut.notOutage`))],
        },
      ];
    },
  };
}
