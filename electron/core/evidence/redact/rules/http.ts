import { redactionLabelOf } from '../../../../../shared/gitlab-token-kinds';
import { isKnownFake, spansOf, type RedactionRule, type SecretSpan } from '../rules';
import { scanValue } from '../value-scan';

/**
 * HTTP credentials: `Authorization: Bearer …` / `Basic …` (curl -v, Go dumps `[Bearer …]`,
 * JSON header maps), GitLab's `PRIVATE-TOKEN` and `JOB-TOKEN` headers, and cookie values.
 */
const AUTH_HEADER_RE =
  /\b(?:proxy-)?authorization\\*["']?[ \t]*[:=][ \t]*(?:\\*["'])?\[?[ \t]*(?:\\*["'])?(?:(bearer|basic|token|digest|negotiate|ntlm|bot|apikey|aws4-hmac-sha256)[ \t]+)?/dgi;
const GITLAB_HEADER_RE = /\b(private-token|job-token|deploy-token)\\*["']?[ \t]*[:=][ \t]*(?:\[[ \t]*)?/dgi;
const COOKIE_RE = /\b(?:set-)?cookie\\*["']?[ \t]*:[ \t]*/dgi;

function authHeaderSpans(line: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  AUTH_HEADER_RE.lastIndex = 0;
  for (let m = AUTH_HEADER_RE.exec(line); m; m = AUTH_HEADER_RE.exec(line)) {
    const from = m.index + m[0].length;
    // The credential runs to the closing quote, bracket or end of line (Digest has spaces).
    const rest = line.slice(from);
    const stop = rest.search(/\\*["'\]]|$/);
    let end = from + (stop === -1 ? rest.length : stop);
    if (!/digest|aws4/i.test(m[1] ?? '')) {
      const word = rest.search(/[\s,;]/);
      if (word !== -1 && from + word < end) end = from + word;
    }
    while (end > from && /\s/.test(line[end - 1] ?? '')) end--;
    const value = line.slice(from, end);
    if (isKnownFake(value) || value.length < 4) continue;
    const scheme = (m[1] ?? '').toLowerCase();
    spans.push({ start: from, end, label: scheme === 'basic' ? 'basic-auth' : scheme === 'bearer' ? 'bearer-token' : 'authorization', priority: 2 });
  }
  return spans;
}

function gitlabHeaderSpans(line: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  GITLAB_HEADER_RE.lastIndex = 0;
  for (let m = GITLAB_HEADER_RE.exec(line); m; m = GITLAB_HEADER_RE.exec(line)) {
    const value = scanValue(line, m.index + m[0].length, 'word');
    if (!value || isKnownFake(line.slice(value.start, value.end))) continue;
    const header = (m[1] ?? '').toLowerCase();
    const label = redactionLabelOf(header === 'job-token' ? 'ci-job-token' : header === 'deploy-token' ? 'deploy-token' : 'personal-access-token');
    spans.push({ start: value.start, end: value.end, label, priority: 2 });
  }
  return spans;
}

function cookieSpans(line: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  COOKIE_RE.lastIndex = 0;
  for (let m = COOKIE_RE.exec(line); m; m = COOKIE_RE.exec(line)) {
    const from = m.index + m[0].length;
    const rest = line.slice(from);
    const stop = rest.search(/\\*["']|$/);
    const header = rest.slice(0, stop === -1 ? rest.length : stop);
    const pair = /([^=;\s]+)=([^;\s]*)/dg;
    for (let p = pair.exec(header); p; p = pair.exec(header)) {
      const at = p.indices?.[2];
      const name = (p[1] ?? '').toLowerCase();
      // Attributes of Set-Cookie (path, expires…) are not secrets.
      if (!at || isKnownFake(p[2] ?? '') || /^(?:path|domain|expires|max-age|samesite)$/.test(name)) continue;
      spans.push({ start: from + at[0], end: from + at[1], label: 'cookie', priority: 2 });
    }
  }
  return spans;
}

export const httpCredentialsRule: RedactionRule = {
  id: 'http-credentials',
  hints: ['authorization', 'private-token', 'job-token', 'deploy-token', 'cookie'],
  find: (line) => [...authHeaderSpans(line), ...gitlabHeaderSpans(line), ...cookieSpans(line)],
};

/**
 * Credentials in URIs and DSNs: `scheme://user:pass@host` (the password goes, the user stays:
 * `gitlab-ci-token` tells which token it was), `gitlab-ci-token:…@host` without a scheme,
 * Go MySQL DSNs `user:pass@tcp(host)`, and `curl -u user:pass`.
 */
const URI_RE = /\b([a-z][a-z0-9+.-]{0,30}):\/\/([^\s:@/'"\\]*):([^\s@/'"\\]+)@/dgi;
const CI_TOKEN_RE = /(?<!\/\/)\bgitlab-ci-token:([^\s@/'"\\]+)@/dg;
const DSN_RE = /\b[A-Za-z0-9_.-]+:([^\s@'"\\]+)@(?:tcp|unix|udp)\(/dg;
const CURL_USER_RE = /(?:^|\s)(?:-u|--user|--proxy-user)[ \t]+['"]?[^:\s'"]+:([^\s'"]+)/dg;

export const uriCredentialsRule: RedactionRule = {
  id: 'uri-credentials',
  hints: ['@', '-u ', '--user', '--proxy-user'],
  find(line) {
    const spans: SecretSpan[] = [];
    URI_RE.lastIndex = 0;
    for (let m = URI_RE.exec(line); m; m = URI_RE.exec(line)) {
      const at = m.indices?.[3];
      if (!at || isKnownFake(m[3] ?? '')) continue;
      spans.push({ start: at[0], end: at[1], label: m[2] === 'gitlab-ci-token' ? redactionLabelOf('ci-job-token') : 'uri-password', priority: 3 });
    }
    spans.push(...spansOf(line, CI_TOKEN_RE, redactionLabelOf('ci-job-token'), 3));
    spans.push(...spansOf(line, DSN_RE, 'uri-password', 3));
    spans.push(...spansOf(line, CURL_USER_RE, 'basic-auth', 3));
    return spans;
  },
};
