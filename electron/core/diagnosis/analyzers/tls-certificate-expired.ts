import type { Analyzer, Draft } from '../analyzer';
import { firstUrlHost } from '../derive/gitlab-hosts';
import { matchesOf, type Facts } from '../facts';
import { claim, evidence, fix, LOG_KINDS } from '../finding';
import type { LogSignature } from '../scan/signatures';

const EXPIRED: LogSignature = {
  id: 'tls-certificate-expired',
  hints: ['certificate has expired', 'certificate is not yet valid'],
  pattern: /x509: certificate has expired or is not yet valid(?:: current time (?<now>\S+) is (?<rel>after|before) (?<limit>\S+))?|SSL certificate problem: certificate (?:has expired|is not yet valid)/,
};

/**
 * A TLS certificate on the path is outside its validity: `x509: certificate has expired or is
 * not yet valid: current time … is after …` (Go: the runner, its helper), `SSL certificate
 * problem: certificate has expired` (curl, git). Expired: renew it (GitLab's, a registry's or
 * an intercepting proxy's). "Not yet valid" or a current time far off: the runner host's clock
 * is wrong.
 * Not fired by: unknown authorities (tls-unknown-authority).
 */
export const tlsCertificateExpired: Analyzer = {
  id: 'tls-certificate-expired',
  label: 'TLS certificate expired',
  signatures: [EXPIRED],
  causes: ['gitlab-unreachable', 'runner-offline', 'image-pull-failed', 'job-stuck-running'],
  explains: ['runner-unhealthy'],
  analyze(facts: Facts): Draft[] {
    const lines = matchesOf(facts, EXPIRED);
    if (!lines.length) return [];
    const host = lines.map((m) => firstUrlHost(m.excerpt)).find(Boolean);
    const notYet = lines.some((m) => m.fields.rel === 'before' || /not yet valid/.test(m.excerpt) && !/has expired/.test(m.excerpt));
    const detail = lines.find((m) => m.fields.limit);
    return [
      {
        id: 'tls-certificate-expired',
        severity: 'error',
        title: `A TLS certificate ${notYet ? 'is not valid yet' : 'has expired'}${host ? ` (${host})` : ''}`,
        summary:
          `${host ? `The certificate ${host} presents` : 'A certificate on the runner\'s path'} ${notYet ? 'is not valid yet' : 'has expired'}${detail ? `: the runner's clock said ${detail.fields.now}, the certificate is valid ${detail.fields.rel === 'after' ? 'until' : 'from'} ${detail.fields.limit}` : ''}, so every TLS connection to it fails. ` +
          (notYet ? 'A certificate that is not yet valid usually means the runner host\'s clock is wrong: check NTP (`timedatectl`). ' : 'Renew the certificate on the server (GitLab, the registry, or the TLS-intercepting proxy); if it was renewed, the server may still serve the old one or an old intermediate. '),
        evidence: evidence(lines.slice(0, 4)),
        fixes: [fix('renew-certificate', notYet ? 'Fix the runner host\'s clock' : 'Renew the expired certificate and reload the server', 'Check with `openssl s_client -connect <host>:443 -servername <host> | openssl x509 -noout -dates`; renew and install the certificate with its intermediates; for "not yet valid", sync the runner host\'s clock (timedatectl set-ntp true).')],
        references: ['https://docs.gitlab.com/runner/configuration/tls-self-signed/', 'https://pkg.go.dev/crypto/x509#CertificateInvalidError'],
        ruledOut: [claim(facts, [...LOG_KINDS, 'curl-verbose'], 'The certificate is refused for its dates, not for an unknown authority.')],
        ...(host ? { subject: host } : {}),
      },
    ];
  },
};
