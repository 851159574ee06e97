import { list, msg } from '../../../../shared/messages';
import type { Analyzer, Draft } from '../analyzer';
import { configuredRunners } from '../derive/config-runners';
import { placeOf } from '../derive/places';
import { firstUrlHost, GITLAB_OPERATION, gitlabHosts, REGISTRY_OPERATION } from '../derive/gitlab-hosts';
import { matchesOf, type Facts } from '../facts';
import { claim, evidence, fix, LOG_KINDS } from '../finding';
import { subjects } from '../../../../shared/subjects';

/**
 * The runner (or git in its helper, or curl on its host) does not trust the certificate
 * GitLab presents: `x509: certificate signed by unknown authority`, `SSL certificate problem:
 * unable to get local issuer certificate` / `self-signed certificate in certificate chain`.
 * Typical of a private CA or an intercepting proxy. Only lines about GitLab count: a runner
 * API call, /api/v4, or a URL on the GitLab host from config.toml. curl's verdict does not count
 * on a host whose runner sets tls-ca-file: curl used the host's trust store, not that file.
 * Not fired by: the same error while pulling an image from a registry.
 */
export const tlsUnknownAuthority: Analyzer = {
  id: 'tls-unknown-authority',
  label: msg('tls-unknown-authority.label'),
  causes: ['runner-offline', 'job-stuck-running', 'gitlab-unreachable'],
  explains: ['tls-unknown-authority', 'runner-unhealthy'],
  analyze(facts: Facts): Draft[] {
    const hosts = gitlabHosts(facts);
    const lines = matchesOf(facts, 'tls-unknown-authority').filter((m) => {
      if (REGISTRY_OPERATION.test(m.excerpt) && !GITLAB_OPERATION.test(m.excerpt)) return false;
      const host = firstUrlHost(m.excerpt);
      return GITLAB_OPERATION.test(m.excerpt) || (host !== undefined && hosts.has(host));
    });
    const runners = configuredRunners(facts).filter((r) => !r.config.template);
    const withCa = runners.filter((r) => r.runner.tlsCaFile);
    // curl on a host checks with the host's own trust store; a runner there with tls-ca-file trusts that file instead.
    const caHosts = new Set(withCa.flatMap((r) => placeOf(r.config.source.file) ?? []));
    const curl = facts.host.network.filter((n) => n.tool === 'curl' && n.outcome === 'tls' && !caHosts.has(placeOf(n.file) ?? ''));
    if (!lines.length && !curl.length) return [];
    const dockerTlsVerify = runners.filter((r) => r.config.at(`runners[${r.runner.index}].docker.tls_verify`).excerpt.includes('tls_verify'));
    const host = firstUrlHost(lines[0]?.excerpt ?? '') ?? curl[0]?.host ?? [...hosts][0];
    return [
      {
        id: 'tls-unknown-authority',
        severity: 'error',
        title: host ? msg('tls-unknown-authority.title.host', { host }) : msg('tls-unknown-authority.title'),
        summary: [
          msg('tls-unknown-authority.summary.what'),
          withCa.length
            ? msg('tls-unknown-authority.summary.caFile', { files: list(withCa.map((r) => String(r.runner.tlsCaFile)), 'comma') })
            : msg('tls-unknown-authority.summary.noCaFile'),
          msg('tls-unknown-authority.summary.advice'),
        ],
        evidence: evidence(lines.slice(0, 4), curl, withCa.map((r) => r.config.at(`runners[${r.runner.index}].tls-ca-file`))),
        fixes: [fix('trust-gitlab-ca', msg('tls-unknown-authority.fix.trust-gitlab-ca.title'), msg('tls-unknown-authority.fix.trust-gitlab-ca.manual'))],
        references: ['https://docs.gitlab.com/runner/configuration/tls-self-signed/', 'https://docs.gitlab.com/runner/faq/#x509-certificate-signed-by-unknown-authority'],
        ruledOut: [
          claim(facts, [...LOG_KINDS, 'curl-verbose'], msg('tls-unknown-authority.ruledOut.gitlab')),
          ...(dockerTlsVerify.length ? [claim(facts, ['config-toml', 'kube-object'], msg('tls-unknown-authority.ruledOut.tlsVerify'))] : []),
        ],
        ...(host ? { subject: subjects.named(host) } : {}),
      },
    ];
  },
};
