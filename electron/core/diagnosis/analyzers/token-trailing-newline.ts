import { list, msg } from '../../../../shared/messages';
import type { Analyzer, Draft } from '../analyzer';
import { configuredRunners } from '../derive/config-runners';
import { containersOf } from '../extract/kube-objects';
import { isRecord, str } from '../extract/structured';
import { secretValueFacts } from '../extract/secret-facts';
import { kubeObjectsOf, matchesOf, type Facts, type Located } from '../facts';
import { claim, evidence, fix, LOG_KINDS } from '../finding';

const AUTH_HEADERS = /^(?:private-token|job-token|authorization|deploy-token)$/i;

/** Runner workloads that read a Secret (env secretKeyRef, envFrom, volumes). */
function usersOf(facts: Facts, secret: string): Located[] {
  const out: Located[] = [];
  for (const obj of facts.kubeObjects) {
    for (const { container, path } of containersOf(obj)) {
      (Array.isArray(container.env) ? container.env : []).forEach((e, i) => {
        const ref = isRecord(e) && isRecord(e.valueFrom) && isRecord(e.valueFrom.secretKeyRef) ? e.valueFrom.secretKeyRef : undefined;
        if (ref && str(ref.name) === secret) out.push(obj.at([...path, 'env', i, 'valueFrom', 'secretKeyRef', 'name']));
      });
    }
  }
  return out;
}

/**
 * A token stored with a trailing newline (`echo token | kubectl create secret …`, a file with
 * a final newline) is sent as an HTTP header, and Go refuses the request: `net/http: invalid
 * header field value for "Private-Token"`. Looks for that error, Secrets whose values end in a
 * newline (the collector's Secret facts, and which runner workloads read them), and config.toml
 * tokens ending in "\n".
 * Not fired by: header errors about other headers, Secrets whose values are clean.
 */
export const tokenTrailingNewline: Analyzer = {
  id: 'token-trailing-newline',
  label: msg('token-trailing-newline.label'),
  causes: ['runner-offline', 'gitlab-unreachable', 'job-stuck-running'],
  explains: ['invalid-header', 'runner-unhealthy'],
  analyze(facts: Facts): Draft[] {
    const headerErrors = matchesOf(facts, 'invalid-header').filter((m) => AUTH_HEADERS.test(m.fields.header ?? ''));
    const secrets = kubeObjectsOf(facts, 'Secret').flatMap((s) => {
      const { endsWithNewline, newlineKeys: keys, newlineAt } = secretValueFacts(s);
      return endsWithNewline && newlineAt ? [{ secret: s, keys, at: s.at(newlineAt), users: usersOf(facts, s.name) }] : [];
    });
    const configs = configuredRunners(facts).filter((r) => /[\r\n]$/.test(r.runner.token ?? ''));
    if (!headerErrors.length && !secrets.length && !configs.length) return [];
    const P = 'token-trailing-newline';
    const named = [
      ...secrets.map(({ secret, keys }) => (keys.length ? msg(`${P}.secret.keys`, { name: secret.name, keys: list(keys, 'comma') }) : msg(`${P}.secret`, { name: secret.name }))),
      ...configs.map((c) => msg(`${P}.configToken`, { runner: c.labelMessage })),
    ];
    const used = secrets.some((s) => s.users.length > 0);
    return [
      {
        id: 'token-trailing-newline',
        severity: headerErrors.length || used || configs.length ? 'error' : 'warning',
        title: msg(`${P}.title`),
        summary: [
          named.length ? msg(`${P}.summary.which`, { which: list(named, 'comma') }) : msg(`${P}.summary.some`),
          msg(`${P}.summary.refused`),
          ...(headerErrors.length ? [msg(`${P}.summary.logged`)] : []),
          ...(used ? [msg(`${P}.summary.used`)] : []),
          msg(`${P}.summary.advice`),
        ],
        evidence: evidence(headerErrors.slice(0, 3), secrets.map((s) => s.at), secrets.flatMap((s) => s.users).slice(0, 2), configs.map((c) => c.tokenAt)),
        fixes: [fix('strip-token-newline', msg(`${P}.fix.strip-token-newline.title`), msg(`${P}.fix.strip-token-newline.manual`))],
        references: ['https://pkg.go.dev/net/http#Header', 'https://kubernetes.io/docs/concepts/configuration/secret/#use-case-pod-with-ssh-keys'],
        ruledOut: headerErrors.length ? [claim(facts, LOG_KINDS, msg(`${P}.ruledOut.authHeader`))] : [],
      },
    ];
  },
};
