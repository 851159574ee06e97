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
  label: 'token ends with a newline',
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
    const named = secrets.map(({ secret, keys }) => `Secret ${secret.name}${keys.length ? ` (${keys.join(', ')})` : ''}`);
    const used = secrets.some((s) => s.users.length > 0);
    return [
      {
        id: 'token-trailing-newline',
        severity: headerErrors.length || used || configs.length ? 'error' : 'warning',
        title: 'A token ends with a newline, so requests carrying it are refused',
        summary:
          `${[...named, ...configs.map((c) => `the token of ${c.label}`)].join(', ') || 'A token'} ends with a newline character. ` +
          'Sent as an HTTP header, the newline makes Go refuse the request outright (`invalid header field value`), so nothing reaches GitLab. ' +
          (headerErrors.length ? 'The log shows exactly that. ' : '') +
          (used ? 'A runner workload reads this Secret. ' : '') +
          'It usually comes from `echo token > file` or `echo token | base64`; recreate the value with `printf %s` or `kubectl create secret generic … --from-literal=…`.',
        evidence: evidence(headerErrors.slice(0, 3), secrets.map((s) => s.at), secrets.flatMap((s) => s.users).slice(0, 2), configs.map((c) => c.tokenAt)),
        fixes: [fix('strip-token-newline', 'Store the token again without the trailing newline', 'kubectl create secret generic <name> --from-literal=runner-token="$(printf %s "$TOKEN")" --dry-run=client -o yaml | kubectl apply -f -, then restart the runner.')],
        references: ['https://pkg.go.dev/net/http#Header', 'https://kubernetes.io/docs/concepts/configuration/secret/#use-case-pod-with-ssh-keys'],
        ruledOut: headerErrors.length ? [claim(facts, LOG_KINDS, 'The header error concerns an authentication header (Private-Token/Job-Token/Authorization), not another header.')] : [],
      },
    ];
  },
};
