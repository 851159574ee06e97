import type { Manifest } from '../../../../shared/bundle';
import { findingsSummary } from '../../../../shared/chains';

/** What each redaction rule stands for, in words a reader of the report understands. */
export const RULE_DESCRIPTIONS: Record<string, string> = {
  'gitlab-token': 'GitLab tokens recognised by prefix (glpat-, glrt-, glcbt-, GR1348941…)',
  'gitlab-session-cookie': 'GitLab web session cookies',
  'secret-by-name': 'values under secret-looking names (token, password, secret, key…), incl. legacy runner tokens',
  'secret-env-pair': 'environment variables with secret-looking names',
  'http-credentials': 'Authorization, PRIVATE-TOKEN and JOB-TOKEN headers, cookies',
  'uri-credentials': 'passwords in URLs, DSNs and curl -u',
  'aws-access-key': 'AWS access key ids',
  jwt: 'JSON Web Tokens (service account tokens, id tokens)',
  'pem-block': 'PEM keys and certificates, also base64-encoded (kubeconfig *-data)',
  'kube-secret-data': 'values of Kubernetes Secret data/stringData',
  'repeated-secret': 'a secret found elsewhere, repeated without its key',
};

export function humanBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

/** The findings' count by severity, as the CLI prints it. */
export const severityCounts = findingsSummary;

export function redactionTotal(manifest: Manifest): number {
  return Object.values(manifest.redactionSummary ?? {}).reduce((a, b) => a + b, 0);
}

export const PLACEHOLDER_NOTE =
  'Secrets were replaced before anything was written, with placeholders like `[REDACTED gitlab-runner-token #1]`; the same secret carries the same number everywhere in the bundle, so you can still tell that two files hold the same token.';
