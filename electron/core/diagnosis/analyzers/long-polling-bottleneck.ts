import { list, msg, type Message } from '../../../../shared/messages';
import type { Analyzer, Draft } from '../analyzer';
import { matchesOf, type Facts, type Located } from '../facts';
import { claim, evidence, fix, LOG_KINDS } from '../finding';
import { originMessage, type RunnerConfigFact } from '../extract/config-toml';
import { samePlace } from '../derive/places';

/** What gitlab-runner uses when config.toml does not set `concurrent` (common/config.go NewConfig). */
const DEFAULT_CONCURRENT = 1;

/** `concurrent` as the runner uses it; an explicit 0 or less is config-invalid's finding, not this one's. */
const concurrentOf = (c: RunnerConfigFact): number => (c.concurrent === undefined ? DEFAULT_CONCURRENT : c.concurrent > 0 ? c.concurrent : Infinity);

const CAUSE = /(Worker starvation|Request|Build limit) bottleneck: ([^"\\\n]*)/g;

/**
 * Seed 002: the runner warns `CONFIGURATION: Long polling issues detected` when its workers
 * can block in GitLab's long-poll (Workhorse apiCiLongPollingDuration, 50 s by default):
 * `concurrent` below the number of [[runners]] (worker starvation), runners left at
 * request_concurrency=1, or low `limit` with request_concurrency=1 (gitlab-runner
 * commands/multi.go checkConfigConcurrency). Jobs of some projects then wait up to the poll
 * timeout before starting. Also derived from config.toml alone for worker starvation, with
 * `concurrent` at the runner's default of 1 when the file does not set it: two [[runners]]
 * and no `concurrent` line starve one of them.
 * Not fired by: configs with concurrent ≥ runners and no such warning in the logs.
 */
export const longPollingBottleneck: Analyzer = {
  id: 'long-polling-bottleneck',
  label: msg('long-polling-bottleneck.label'),
  explains: ['long-polling', 'long-polling-cause'],
  analyze(facts: Facts): Draft[] {
    const headers = matchesOf(facts, 'long-polling');
    const causes = new Map<string, Located & { detail: string }>();
    for (const m of [...headers, ...matchesOf(facts, 'long-polling-cause')]) {
      for (const c of (m.fields.msg ?? m.excerpt).replace(/\\n/g, '\n').matchAll(CAUSE)) if (!causes.has(c[1]!)) causes.set(c[1]!, { ...m, detail: c[2]!.trim() });
    }
    const starved = facts.configs.filter((c) => c.parsed && !c.template && concurrentOf(c) < c.runners.length);
    if (!headers.length && !causes.size && !starved.length) return [];
    // A config speaks for the runner that logged the warning only where it was collected with it
    // (same namespace or host): another host's runner at 1 is not shown to block.
    const warned = [...headers, ...causes.values()];
    const concerned = facts.configs.filter((c) => starved.includes(c) || warned.some((m) => samePlace(c.source.file, m.file)));
    const defaults = concerned.flatMap((c) => c.runners.filter((r) => (r.requestConcurrency ?? 1) <= 1).map((r) => c.at(`runners[${r.index}]`)));
    // The runner repeats the warning at every reload while the issue lasts: configs collected
    // now that show no bottleneck mean the logged warnings are from before a fix.
    const live = concerned.filter((c) => c.parsed && !c.template);
    if (live.length && !defaults.length && !starved.length) return [];
    const P = 'long-polling-bottleneck';
    // The runner's own words for each cause stay as it logged them.
    const found: (string | Message)[] = [...causes.entries()].map(([kind, c]) => `${kind} bottleneck: ${c.detail}`);
    for (const c of starved)
      if (!causes.has('Worker starvation'))
        found.push(
          msg(`${P}.starved`, {
            concurrent: c.concurrent === undefined ? msg(`${P}.concurrent.unset`, { value: DEFAULT_CONCURRENT }) : c.concurrent,
            runners: c.runners.length,
            origin: originMessage(c.source),
          }),
        );
    return [
      {
        id: 'long-polling-bottleneck',
        severity: 'warning',
        title: msg(`${P}.title`),
        summary: [
          msg(`${P}.summary.blocked`),
          ...(found.length ? [msg(`${P}.summary.found`, { found: list(found, 'semicolon') })] : []),
          msg(`${P}.summary.late`),
          defaults.length ? msg(`${P}.summary.advice.defaults`, { count: defaults.length }) : msg(`${P}.summary.advice`),
        ],
        evidence: evidence(headers.slice(0, 2), [...causes.values()], starved.map((c) => c.at(c.concurrent === undefined ? 'runners[0]' : 'concurrent')), defaults.slice(0, 3)),
        fixes: [
          fix('raise-request-concurrency', msg(`${P}.fix.raise-request-concurrency.title`)),
          ...(starved.length || causes.has('Worker starvation') ? [fix('fix-config', msg(`${P}.fix.fix-config.title`), msg(`${P}.fix.fix-config.manual`))] : []),
        ],
        references: ['https://docs.gitlab.com/runner/configuration/advanced-configuration/#long-polling-issues', 'https://docs.gitlab.com/ci/runners/long_polling/'],
        ruledOut: [claim(facts, LOG_KINDS, msg(`${P}.ruledOut.config`), { shown: headers.length > 0, source: msg(`${P}.source.warning`) })],
      },
    ];
  },
};
