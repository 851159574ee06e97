import { msg } from '../../../../shared/messages';
import type { Analyzer, Draft } from '../analyzer';
import { firstUrlHost } from '../derive/gitlab-hosts';
import { matchesOf, type Facts } from '../facts';
import { claim, evidence, fix, LOG_KINDS } from '../finding';
import type { LogSignature } from '../scan/signatures';
import { subjects } from '../../../../shared/subjects';

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
  label: msg('tls-certificate-expired.label'),
  signatures: [EXPIRED],
  causes: ['gitlab-unreachable', 'runner-offline', 'image-pull-failed', 'job-stuck-running'],
  explains: ['runner-unhealthy'],
  analyze(facts: Facts): Draft[] {
    const lines = matchesOf(facts, EXPIRED);
    if (!lines.length) return [];
    const host = lines.map((m) => firstUrlHost(m.excerpt)).find(Boolean);
    const notYet = lines.some((m) => m.fields.rel === 'before' || /not yet valid/.test(m.excerpt) && !/has expired/.test(m.excerpt));
    const detail = lines.find((m) => m.fields.limit);
    const state = notYet ? 'notYet' : 'expired';
    return [
      {
        id: 'tls-certificate-expired',
        severity: 'error',
        title: msg(`tls-certificate-expired.title.${state}${host ? '.host' : ''}`, { host }),
        summary: [
          msg(`tls-certificate-expired.summary.${state}${host ? '.host' : ''}`, {
            host,
            dates: detail
              ? msg(`tls-certificate-expired.summary.dates.${detail.fields.rel === 'after' ? 'until' : 'from'}`, { now: detail.fields.now, limit: detail.fields.limit })
              : '',
          }),
          msg(`tls-certificate-expired.summary.advice.${state}`),
        ],
        evidence: evidence(lines.slice(0, 4)),
        fixes: [fix('renew-certificate', msg(`tls-certificate-expired.fix.renew-certificate.title.${state}`), msg('tls-certificate-expired.fix.renew-certificate.manual'))],
        references: ['https://docs.gitlab.com/runner/configuration/tls-self-signed/', 'https://pkg.go.dev/crypto/x509#CertificateInvalidError'],
        ruledOut: [claim(facts, [...LOG_KINDS, 'curl-verbose'], msg('tls-certificate-expired.ruledOut.dates'))],
        ...(host ? { subject: subjects.named(host) } : {}),
      },
    ];
  },
};
