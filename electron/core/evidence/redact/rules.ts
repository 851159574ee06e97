/**
 * Redaction rules. Each rule finds secret values in one line of text; the redactor replaces
 * them with stable placeholders. A rule returns the secret's span, not the whole match, so the
 * surrounding key (`token = "…"`) stays readable.
 */
export interface SecretSpan {
  start: number;
  end: number;
}

export interface RedactionRule {
  id: string;
  /** Label used in placeholders: `[REDACTED <label> #n]`. */
  label: string;
  /** Cheap test; the regex only runs on lines that contain one of these (lower-case) strings. */
  hints: readonly string[];
  find(line: string): SecretSpan[];
}

/** Look-alikes that documentation and tests use; never secrets. */
const KNOWN_FAKE = /^(?:(?:[a-z0-9]+-)?gl[a-z]+-)?(?:X{8,}[X-]*|x{8,}[x-]*|0{8,}|<[^>]*>|\*+|\.{3,})$/;

export function isKnownFake(value: string): boolean {
  return value.length === 0 || KNOWN_FAKE.test(value) || /\{\{.*\}\}|^\$\{[^}]*\}$|^\$[A-Z_]+$/.test(value);
}

/**
 * Spans of the first capture group that took part in each match (0 = the whole match when
 * there are no groups); `re` must have the g and d flags.
 */
export function spansOf(line: string, re: RegExp): SecretSpan[] {
  const spans: SecretSpan[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    if (m[0].length === 0) re.lastIndex++;
    let group = 0;
    for (let g = 1; g < m.length; g++) if (m[g] !== undefined) { group = g; break; }
    const value = m[group];
    const at = m.indices?.[group];
    if (value === undefined || at === undefined || isKnownFake(value)) continue;
    spans.push({ start: at[0], end: at[1] });
  }
  return spans;
}

/**
 * GitLab tokens by prefix, also behind a custom instance prefix (`corp-glpat-…`) and in
 * routable form (`….<base36>` suffix). Prefixes: FIELD-NOTES.md §1, gitleaks rules/gitlab.go.
 */
const GITLAB_PREFIXES = [
  'glpat-', 'glrtr-', 'glrt-', 'glcbt-', 'gldt-', 'glft-', 'glimt-', 'glagent-', 'gloas-',
  'glptt-', 'glsoat-', 'glffct-', 'GR1348941',
];
const GITLAB_TOKEN_RE = new RegExp(
  `(?<![A-Za-z0-9_])(?:[A-Za-z0-9]+-)?(?:${GITLAB_PREFIXES.map((p) => p.replace(/-/g, '\\-')).join('|')})[0-9A-Za-z_\\-]{8,}(?:\\.[0-9a-z]{2}\\.[0-9a-z]{7,})?(?:\\.[0-9a-z]{9})?`,
  'gd',
);

export const gitlabTokenRule: RedactionRule = {
  id: 'gitlab-token',
  label: 'gitlab-token',
  hints: ['gl', 'gr1348941'],
  find: (line) => spansOf(line, GITLAB_TOKEN_RE),
};

/** `token = "…"` in TOML, `token: …` in YAML, `"token": "…"` in JSON, `--token …` on a command line. */
const TOKEN_KEY_RE =
  /(?:^|[\s{,;"'])(?:(?:registration[_-]|runner[_-]|private[_-]|access[_-]|auth[_-]|ci[_-]job[_-])?token)["']?\s*(?:=|:)\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([^\s,}#"']+))/dgi;
const TOKEN_FLAG_RE = /--(?:registration-)?token(?:=|\s+)(?:"([^"]*)"|'([^']*)'|([^\s"']+))/dgi;

export const tokenKeyRule: RedactionRule = {
  id: 'token-key',
  label: 'runner-token',
  hints: ['token'],
  find: (line) => [...spansOf(line, TOKEN_KEY_RE), ...spansOf(line, TOKEN_FLAG_RE)],
};

/** The rules in the order they are tried; later issues add more (headers, URIs, PEM, Secrets…). */
export const DEFAULT_RULES: readonly RedactionRule[] = [gitlabTokenRule, tokenKeyRule];
