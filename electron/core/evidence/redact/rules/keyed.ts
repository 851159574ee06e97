import { isKnownFake, type RedactionRule, type SecretSpan } from '../rules';
import { isSecretName, labelForName } from '../secret-names';
import { isShellExpansionAt } from '../shell-expansion';
import { scanValue, type BareValueMode, type ScannedValue } from '../value-scan';

/**
 * Values under a secret-looking name, whatever the syntax: `token = "…"` (TOML, INI),
 * `token: …` (YAML), `"token": "…"` (JSON, also escaped inside a JSON string),
 * `RUNNER_TOKEN=…` (shell, .env, `docker -e`, logfmt, URL query), `Password=…;` (connection
 * strings), `PRIVATE-TOKEN: …` (HTTP headers). Legacy runner tokens have no prefix, so this
 * is what finds them.
 *
 * The regex finds the end of a name followed by a separator; the name is then read
 * backwards, which keeps the scan linear on long lines.
 */
const NAME_END =
  /(passwd|password|passphrase|pwd|pass|secret|token|keyid|key|auth|credentials?|sessionid)(\\*["'])?[ \t]*(=>|:(?!\/\/)|=(?!=))/dgi;
const NAME_CHAR = /[A-Za-z0-9_.-]/;
/** Before a name at the start of a line: indentation, a YAML list dash, `export`, a quote. */
const LINE_START = /^\s*(?:-\s+)?(?:export\s+)?\\*["']?$/;

function readNameBackwards(line: string, end: number): number {
  let start = end;
  while (start > 0 && NAME_CHAR.test(line[start - 1] ?? '')) start--;
  return start;
}

/**
 * Helm charts name the Secret object to use under `secret:` / `existingSecret:`
 * (`runners.secret: gitlab-runner-secret`): a Kubernetes name there is a reference.
 */
function isSecretObjectReference(name: string, value: string): boolean {
  return /^(?:existing)?secret$/i.test(name.replace(/[-_]/g, '')) && /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(value) && value.includes('-') && !/\d/.test(value);
}

/** Prose such as `invalid token: expired` is not a secret; a value there must look like one. */
function looksLikeSecret(value: string): boolean {
  return value.length >= 8 && /[^A-Za-z]/.test(value);
}

/** `"token": ["…"]`, `Token:[…]` (Go's http.Header as JSON or fmt): the value is the list's first item. */
function arrayAware(line: string, value: ScannedValue | undefined): ScannedValue | undefined {
  if (!value || value.quoted || line[value.start] !== '[') return value;
  return scanValue(line, value.start + 1, 'word') ?? value;
}

function keyedSpans(line: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  NAME_END.lastIndex = 0;
  for (let m = NAME_END.exec(line); m; m = NAME_END.exec(line)) {
    const wordEnd = m.indices?.[1]?.[1] ?? m.index;
    const sepAt = m.indices?.[3] ?? [m.index + m[0].length, m.index + m[0].length];
    const start = readNameBackwards(line, wordEnd);
    const name = line.slice(start, wordEnd).replace(/^[-.]+/, '');
    if (!isSecretName(name)) continue;
    const sep = m[3] ?? '=';
    const quotedName = m[2] !== undefined;
    // `user:pass@host` and `host:port` are not `key: value` (YAML and headers put a space there).
    if (sep === ':' && !quotedName && !/[ \t[]/.test(line[sepAt[1]] ?? ' ')) continue;
    const atLineStart = LINE_START.test(line.slice(0, start));
    const spacedEquals = sep === '=' && (line[sepAt[0] - 1] === ' ' || line[sepAt[1]] === ' ');
    const mode: BareValueMode = !quotedName && atLineStart && (sep === ':' || spacedEquals) ? 'line' : 'word';
    if (isShellExpansionAt(line, m.index + m[0].length)) continue;
    const value = arrayAware(line, scanValue(line, m.index + m[0].length, mode));
    if (!value) continue;
    const text = line.slice(value.start, value.end);
    if (isKnownFake(text) || /^[|>][-+0-9]*$/.test(text)) continue;
    if (!value.quoted && /^[{[]/.test(text)) continue;
    if (/^(?:old)?pwd$/i.test(name) && text.startsWith('/')) continue;
    if (isSecretObjectReference(name, text)) continue;
    if (sep === ':' && !atLineStart && !value.quoted && !looksLikeSecret(text)) continue;
    spans.push({ start: value.start, end: value.end, label: labelForName(name, sep === '='), priority: 1 });
  }
  return spans;
}

/** `--token X`, `--password=X`, `--registration-token "X"` on a command line. */
const FLAG_RE = /(?<![\w-])--?([A-Za-z][A-Za-z0-9_-]*)(?:=|[ \t]+)/dg;

function flagSpans(line: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  FLAG_RE.lastIndex = 0;
  for (let m = FLAG_RE.exec(line); m; m = FLAG_RE.exec(line)) {
    const name = m[1] ?? '';
    if (!isSecretName(name) || isShellExpansionAt(line, m.index + m[0].length)) continue;
    const value = scanValue(line, m.index + m[0].length, 'word');
    if (!value) continue;
    const text = line.slice(value.start, value.end);
    if (isKnownFake(text) || (!value.quoted && text.startsWith('-'))) continue;
    spans.push({ start: value.start, end: value.end, label: labelForName(name, true), priority: 1 });
    FLAG_RE.lastIndex = value.end;
  }
  return spans;
}

/** `<password>…</password>` (XML settings files, Maven, NuGet). */
const XML_RE = /<([A-Za-z][\w.:-]*)>([^<]+)<\/\1>/dg;

function xmlSpans(line: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  XML_RE.lastIndex = 0;
  for (let m = XML_RE.exec(line); m; m = XML_RE.exec(line)) {
    const at = m.indices?.[2];
    const name = m[1] ?? '';
    if (!at || !isSecretName(name) || isKnownFake((m[2] ?? '').trim())) continue;
    spans.push({ start: at[0], end: at[1], label: labelForName(name, false), priority: 1 });
  }
  return spans;
}

export const keyedSecretRule: RedactionRule = {
  id: 'secret-by-name',
  hints: ['pass', 'pwd', 'secret', 'token', 'key', 'auth', 'cred', 'sessionid'],
  find: (line) => [...keyedSpans(line), ...flagSpans(line), ...(line.includes('</') ? xmlSpans(line) : [])],
};

/** `{"name": "RUNNER_TOKEN", "value": "…"}` on one line (env lists in JSON). */
const ENV_PAIR_RE = /\\*"name\\*"\s*:\s*\\*"([A-Za-z_][A-Za-z0-9_.-]*)\\*"\s*,\s*\\*"value\\*"\s*:\s*/dg;

export const envPairRule: RedactionRule = {
  id: 'secret-env-pair',
  hints: ['pass', 'pwd', 'secret', 'token', 'key', 'auth', 'cred'],
  find(line) {
    const spans: SecretSpan[] = [];
    ENV_PAIR_RE.lastIndex = 0;
    for (let m = ENV_PAIR_RE.exec(line); m; m = ENV_PAIR_RE.exec(line)) {
      const name = m[1] ?? '';
      if (!isSecretName(name) || isShellExpansionAt(line, m.index + m[0].length)) continue;
      const value = scanValue(line, m.index + m[0].length, 'word');
      if (!value || isKnownFake(line.slice(value.start, value.end))) continue;
      spans.push({ start: value.start, end: value.end, label: labelForName(name, false), priority: 1 });
    }
    return spans;
  },
};
