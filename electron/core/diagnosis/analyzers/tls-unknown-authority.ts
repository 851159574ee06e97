import type { Analyzer, Draft } from '../analyzer';
import { configuredRunners } from '../derive/config-runners';
import { firstUrlHost, GITLAB_OPERATION, gitlabHosts, REGISTRY_OPERATION } from '../derive/gitlab-hosts';
import { matchesOf, type Facts } from '../facts';
import { claim, evidence, fix, LOG_KINDS } from '../finding';

/**
 * The runner (or git in its helper, or curl on its host) does not trust the certificate
 * GitLab presents: `x509: certificate signed by unknown authority`, `SSL certificate problem:
 * unable to get local issuer certificate` / `self-signed certificate in certificate chain`.
 * Typical of a private CA or an intercepting proxy. Only lines about GitLab count: a runner
 * API call, /api/v4, or a URL on the GitLab host from config.toml.
 * Not fired by: the same error while pulling an image from a registry.
 */
export const tlsUnknownAuthority: Analyzer = {
  id: 'tls-unknown-authority',
  label: 'GitLab certificate not trusted',
  causes: ['runner-offline', 'job-stuck-running', 'gitlab-unreachable'],
  explains: ['tls-unknown-authority', 'runner-unhealthy'],
  analyze(facts: Facts): Draft[] {
    const hosts = gitlabHosts(facts);
    const lines = matchesOf(facts, 'tls-unknown-authority').filter((m) => {
      if (REGISTRY_OPERATION.test(m.excerpt) && !GITLAB_OPERATION.test(m.excerpt)) return false;
      const host = firstUrlHost(m.excerpt);
      return GITLAB_OPERATION.test(m.excerpt) || (host !== undefined && hosts.has(host));
    });
    const curl = facts.host.network.filter((n) => n.tool === 'curl' && n.outcome === 'tls');
    if (!lines.length && !curl.length) return [];
    const runners = configuredRunners(facts).filter((r) => !r.config.template);
    const withCa = runners.filter((r) => r.runner.tlsCaFile);
    const dockerTlsVerify = runners.filter((r) => r.config.at(`runners[${r.runner.index}].docker.tls_verify`).excerpt.includes('tls_verify'));
    const host = firstUrlHost(lines[0]?.excerpt ?? '') ?? curl[0]?.host ?? [...hosts][0];
    return [
      {
        id: 'tls-unknown-authority',
        severity: 'error',
        title: `The runner does not trust GitLab's TLS certificate${host ? ` (${host})` : ''}`,
        summary:
          'GitLab presents a certificate signed by a CA the runner does not know — a private CA, a self-signed certificate or a TLS-intercepting proxy — so every API call fails before it is sent. ' +
          (withCa.length
            ? `tls-ca-file is set (${withCa.map((r) => r.runner.tlsCaFile).join(', ')}) but the chain still fails: the file lacks the issuing CA or an intermediate. `
            : 'No tls-ca-file is configured. ') +
          'Give the runner the CA chain: `tls-ca-file` in [[runners]], or a file named after the host in /etc/gitlab-runner/certs/ (<host>.crt); jobs get it through CI_SERVER_TLS_CA_FILE.',
        evidence: evidence(lines.slice(0, 4), curl, withCa.map((r) => r.config.at(`runners[${r.runner.index}].tls-ca-file`))),
        fixes: [fix('trust-gitlab-ca', 'Configure the GitLab CA chain for the runner (tls-ca-file or /etc/gitlab-runner/certs/<host>.crt)', 'Get the chain with `openssl s_client -showcerts -connect <host>:443`, save the CA and intermediates as PEM, set tls-ca-file = "<path>" in [[runners]] and restart the runner.')],
        references: ['https://docs.gitlab.com/runner/configuration/tls-self-signed/', 'https://docs.gitlab.com/runner/faq/#x509-certificate-signed-by-unknown-authority'],
        ruledOut: [
          claim(facts, [...LOG_KINDS, 'curl-verbose'], 'The failing certificate is GitLab\'s, not a container registry\'s.'),
          ...(dockerTlsVerify.length ? [claim(facts, ['config-toml', 'kube-object'], '`tls_verify` in [runners.docker] concerns the Docker daemon connection, not GitLab: changing it does not help (and turning it off weakens security).')] : []),
        ],
        ...(host ? { subject: host } : {}),
      },
    ];
  },
};
