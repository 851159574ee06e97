import type { Analyzer, Draft } from '../analyzer';
import { REGISTRY_OPERATION } from '../derive/gitlab-hosts';
import { isOutage, requestBursts, type Burst } from '../derive/request-bursts';
import { countOf, matchesOf, type Facts, type LogMatch } from '../facts';
import { claim, evidence, fix, LOG_KINDS, plural } from '../finding';

type Cause = 'dns' | 'refused' | 'timeout' | 'unavailable' | 'reset';

const CAUSES: [RegExp, Cause][] = [
  [/no such host|Could not resolve|server misbehaving|Temporary failure in name resolution/, 'dns'],
  [/connection refused/, 'refused'],
  [/i\/o timeout|context deadline exceeded|Client\.Timeout|TLS handshake timeout|timed out|network is unreachable|no route to host/, 'timeout'],
  [/\b50[234]\b|currently unavailable|Bad Gateway|Service Unavailable|Gateway Timeout/, 'unavailable'],
  [/connection reset by peer|\bEOF\b|broken pipe/, 'reset'],
];

const ADVICE: Record<Cause, string> = {
  dns: 'the GitLab host name does not resolve from the runner (DNS, or /etc/hosts in the pod/host)',
  refused: 'nothing accepts connections on GitLab\'s port from the runner (wrong URL or port, GitLab down, a firewall rejecting)',
  timeout: 'connections to GitLab time out (firewall dropping packets, a proxy the runner does not use, routing)',
  unavailable: 'GitLab answers 502/503/504 (GitLab itself is down, restarting or overloaded, or a load balancer has no healthy backend)',
  reset: 'connections are cut mid-request (proxy or load balancer idle timeouts, MTU problems)',
};

function causeOf(text: string): Cause | undefined {
  return CAUSES.find(([re]) => re.test(text))?.[1];
}

function minutes(from?: string, to?: string): string | undefined {
  if (!from || !to) return undefined;
  const m = Math.round((new Date(to).getTime() - new Date(from).getTime()) / 60000);
  return m < 1 ? 'under a minute' : `${m} min`;
}

/** What the evidence says about how long the failures went on and whether they stopped. */
function extent(outages: readonly Burst[]): string {
  const longest = [...outages].sort((a, b) => b.failures.length - a.failures.length)[0]!;
  const span = minutes(longest.first, longest.last);
  const ongoing = outages.some((b) => !b.ended);
  const okAfter = outages.reduce((n, b) => n + b.okAfter, 0);
  return (
    (span ? `The longest run of failures lasted ${span}${longest.first ? ` from ${longest.first}` : ''}. ` : '') +
    (ongoing
      ? 'Nothing in the evidence shows requests working after them. '
      : okAfter
        ? `Requests worked again afterwards (${plural(okAfter, 'successful request')} logged after them): an outage that has ended. `
        : 'The failures stopped before the evidence ends: an outage that has ended. ')
  );
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
  label: 'GitLab unreachable',
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
        title: 'The runner cannot reach GitLab',
        summary:
          `${failures.length ? `The runner's requests to GitLab fail (${plural(Math.max(total, failures.length), 'failed request')} in the log)` : 'The connectivity checks from the runner host fail'}: ` +
          `${[...causes.keys()].map((c) => ADVICE[c]).join('; ')}. ` +
          (outages.length ? extent(outages) : '') +
          'Jobs are not picked up and running jobs cannot report back. Check the path from the runner to the URL in config.toml: DNS, proxy settings (HTTPS_PROXY/NO_PROXY in the runner\'s environment), firewalls, and GitLab\'s own health. ' +
          'GitLab\'s /-/readiness answers only allowlisted IPs: a 404 there means "not allowlisted", not "down".',
        evidence: evidence(checks, outages.flatMap((b) => [b.failures[0]!, b.failures[b.failures.length - 1]!]).slice(0, 6), failures.slice(0, 5), okChecks.slice(0, 1)),
        fixes: [fix('check-network-path', 'Check DNS, proxy and firewall between the runner and GitLab', [...causes.keys()].map((c) => ADVICE[c]).join('; '))],
        references: ['https://docs.gitlab.com/runner/faq/', 'https://docs.gitlab.com/administration/monitoring/health_check/'],
        ruledOut: [
          claim(facts, LOG_KINDS, 'The failures are on GitLab API calls, not on image pulls from a registry; TLS trust failures (x509) are not counted here.', { shown: failures.length > 0, source: 'runner log with failing requests' }),
          ...(outages.length
            ? [
                claim(
                  facts,
                  LOG_KINDS,
                  dns
                    ? 'Not a one-off blip: the host name does not resolve, which no retry fixes.'
                    : 'Not a one-off blip: the failures last five minutes or more, go on where the log ends, made the runner give up on GitLab, or make up the excerpt; a short burst after which requests worked again is not counted.',
                ),
              ]
            : []),
        ],
      },
    ];
  },
};
