import { isKnownFake, spansOf, type RedactionRule, type SecretSpan } from '../rules';

/** AWS access key ids (the secret key is found by name: aws_secret_access_key, SecretKey). */
const AWS_KEY_ID_RE = /(?<![A-Z0-9])((?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})(?![A-Z0-9])/dg;

export const awsKeyRule: RedactionRule = {
  id: 'aws-access-key',
  hints: ['akia', 'asia', 'abia', 'acca'],
  find: (line) => spansOf(line, AWS_KEY_ID_RE, 'aws-access-key-id', 4),
};

/** JSON Web Tokens: Kubernetes service account tokens, OIDC id_tokens, CI_JOB_JWT. */
const JWT_RE = /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/dg;

export const jwtRule: RedactionRule = {
  id: 'jwt',
  hints: ['eyj'],
  find: (line) => spansOf(line, JWT_RE, 'jwt', 4),
};

export function pemLabel(type: string): string {
  if (/PRIVATE KEY/.test(type)) return 'private-key';
  if (/CERTIFICATE/.test(type)) return 'certificate';
  return 'pem-block';
}

/**
 * A PEM block inside one line: JSON strings (`"-----BEGIN …-----\nMII…\n-----END …-----"`),
 * TOML one-liners. The BEGIN/END markers stay so the reader knows what was there. A block
 * cut off before its END (a truncated line) loses everything after the BEGIN marker.
 * Blocks over several lines are the stream's job (line-state.ts).
 */
const INLINE_PEM_RE = /-----BEGIN ([A-Z0-9 ]{1,60})-----(.*?)(?:-----END \1-----|$)/dg;

function inlinePemSpans(line: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  INLINE_PEM_RE.lastIndex = 0;
  for (let m = INLINE_PEM_RE.exec(line); m; m = INLINE_PEM_RE.exec(line)) {
    const at = m.indices?.[2];
    const body = m[2] ?? '';
    // A body is base64: prose after a marker (`no "-----BEGIN CERTIFICATE-----" block`) is not one.
    if (!at || isKnownFake(body.trim()) || !/[A-Za-z0-9+/]{16,}/.test(body)) continue;
    spans.push({ start: at[0], end: at[1], label: pemLabel(m[1] ?? ''), priority: 6 });
  }
  return spans;
}

/** Base64 of a PEM file (`LS0tLS1CRUdJTi…`): kubeconfig `*-data` fields, Secret data. */
const BASE64_PEM_RE = /LS0tLS1CRUdJTi[A-Za-z0-9+/]*={0,2}/dg;

function base64PemSpans(line: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  BASE64_PEM_RE.lastIndex = 0;
  for (let m = BASE64_PEM_RE.exec(line); m; m = BASE64_PEM_RE.exec(line)) {
    if (m[0].length < 24 || isKnownFake(m[0])) continue;
    const head = Buffer.from(m[0].slice(0, 80), 'base64').toString('latin1');
    spans.push({ start: m.index, end: m.index + m[0].length, label: pemLabel(head), priority: 6 });
  }
  return spans;
}

export const pemRule: RedactionRule = {
  id: 'pem-block',
  hints: ['-----begin', 'ls0tls1crudjti'],
  find: (line) => [...inlinePemSpans(line), ...base64PemSpans(line)],
};
