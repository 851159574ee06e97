import { list, msg, type Message } from '../../../../shared/messages';
import type { Analyzer, Draft } from '../analyzer';
import { REGISTRY_OPERATION } from '../derive/gitlab-hosts';
import { isOutage, requestBursts, type Burst } from '../derive/request-bursts';
import { adviceOf as advice, causeOf, type RequestCause as Cause } from '../derive/request-causes';
import { countOf, matchesOf, type Facts, type LogMatch } from '../facts';
import { claim, evidence, fix, LOG_KINDS } from '../finding';

const P = 'gitlab-unreachable';

function minutes(from?: string, to?: string): Message | undefined {
  if (!from || !to) return undefined;
  const m = Math.round((new Date(to).getTime() - new Date(from).getTime()) / 60000);
  return m < 1 ? msg(`${P}.span.underMinute`) : msg(`${P}.span.minutes`, { value: m });
}

/** What the evidence says about how long the failures went on and whether they stopped. */
function extent(outages: readonly Burst[]): Message[] {
  const longest = [...outages].sort((a, b) => b.failures.length - a.failures.length)[0]!;
  const span = minutes(longest.first, longest.last);
  const ongoing = outages.some((b) => !b.ended);
  const okAfter = outages.reduce((n, b) => n + b.okAfter, 0);
  return [
    ...(span ? [msg(longest.first ? `${P}.extent.span.from` : `${P}.extent.span`, { span, from: longest.first })] : []),
    ongoing ? msg(`${P}.extent.ongoing`) : okAfter ? msg(`${P}.extent.recovered`, { count: okAfter }) : msg(`${P}.extent.stopped`),
  ];
}

/**
 * The runner cannot reach GitLab: `Checking for jobs... failed|error` and the like with
 * `no such host`, `connection refused`, `i/o timeout`, 502/503, and the collector's own
 * curl / DNS checks from the runner host. Weighed against the evidence around them
 * (derive/request-bursts.ts): a name that does not resolve, failures lasting five minutes, a
 * log that ends while they go on, the runner giving up on GitLab, or an excerpt made of them is
 * an outage; a short burst after which requests work again (a GitLab restart) is not. TLS
 * trust failures are left to tls-unknown-authority.
 * Not fired by: `no such host` for a registry, a single failed request among successes.
 */
export const gitlabUnreachable: Analyzer = {
  id: 'gitlab-unreachable',
  label: msg(`${P}.label`),
  causes: ['runner-offline', 'job-stuck-running'],
  explains: ['gitlab-request-failed', 'runner-unhealthy'],
  analyze(facts: Facts): Draft[] {
    const failures = matchesOf(facts, 'gitlab-request-failed').filter((m) => !/x509|certificate/.test(m.excerpt) && !REGISTRY_OPERATION.test(m.excerpt) && causeOf(m.excerpt));
    const checks = facts.host.network.filter((n) => n.outcome !== 'ok' && n.outcome !== 'tls');
    const total = countOf(facts, 'gitlab-request-failed');
    const dns = failures.some((f) => causeOf(f.excerpt) === 'dns');
    const bursts = requestBursts(facts, failures);
    const outages = bursts.filter((b) => dns || isOutage(b));
    if (!checks.length && !outages.length) return [];
    const ongoing = outages.some((b) => !b.ended);
    const causes = new Map<Cause, LogMatch[]>();
    for (const f of failures) {
      const c = causeOf(f.excerpt)!;
      causes.set(c, [...(causes.get(c) ?? []), f]);
    }
    for (const c of checks) {
      const cause: Cause = c.outcome === 'dns' ? 'dns' : c.outcome === 'refused' ? 'refused' : c.outcome === 'http-error' ? 'unavailable' : 'timeout';
      if (!causes.has(cause)) causes.set(cause, []);
    }
    const okChecks = facts.host.network.filter((n) => n.outcome === 'ok');
    return [
      {
        id: 'gitlab-unreachable',
        // Still failing where the evidence ends (or failing from the runner host now): error; an outage that ended: warning.
        severity: checks.length || ongoing ? 'error' : 'warning',
        title: msg(`${P}.title`),
        summary: [
          failures.length
            ? msg(`${P}.summary.requests`, { count: Math.max(total, failures.length), causes: list([...causes.keys()].map(advice), 'semicolon') })
            : msg(`${P}.summary.checks`, { causes: list([...causes.keys()].map(advice), 'semicolon') }),
          ...(outages.length ? extent(outages) : []),
          msg(`${P}.summary.impact`),
          msg(`${P}.summary.readiness`),
        ],
        evidence: evidence(checks, outages.flatMap((b) => [b.failures[0]!, b.failures[b.failures.length - 1]!]).slice(0, 6), failures.slice(0, 5), okChecks.slice(0, 1)),
        fixes: [fix('check-network-path', msg(`${P}.fix.check-network-path.title`), msg(`${P}.fix.check-network-path.manual`, { causes: list([...causes.keys()].map(advice), 'semicolon') }))],
        references: ['https://docs.gitlab.com/runner/faq/', 'https://docs.gitlab.com/administration/monitoring/health_check/'],
        ruledOut: [
          claim(facts, LOG_KINDS, msg(`${P}.ruledOut.api`), { shown: failures.length > 0, source: msg(`${P}.source.failing`) }),
          ...(outages.length
            ? [
                claim(facts, LOG_KINDS, msg(dns ? `${P}.ruledOut.notBlip.dns` : `${P}.ruledOut.notBlip.outage`)),
              ]
            : []),
        ],
      },
    ];
  },
};
