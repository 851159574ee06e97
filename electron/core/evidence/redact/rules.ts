/**
 * Redaction rules. Each rule finds secret values in one line of text; the redactor replaces
 * them with stable placeholders. A rule returns the secret's span, not the whole match, so the
 * surrounding key (`token = "…"`) stays readable. Families live in ./rules/*.
 */
import { PLACEHOLDER_START } from '../../../../shared/redaction-placeholder';

export interface SecretSpan {
  start: number;
  end: number;
  /** What the secret is, shown in the placeholder: `[REDACTED <label> #n]`. */
  label: string;
  /** When spans overlap, the label of the highest priority wins (a glpat- inside `token = …`). */
  priority?: number;
}

export interface RedactionRule {
  /** Counted in the redaction summary. */
  id: string;
  /**
   * Cheap test on the lower-cased line; `find` only runs when one of these occurs.
   * Every hint must also be covered by the stream prefilter (redactor.ts).
   */
  hints: readonly string[];
  find(line: string): SecretSpan[];
}

/** Look-alikes that documentation and tests use, and values that only refer to a secret. */
const KNOWN_FAKE = /^(?:(?:[a-z0-9]+-)?gl[a-z]+-)?(?:X{8,}[X-]*|x{8,}[x-]*|0{8,}|<[^>]*>|\*+|\.{3,}|#+)$/;
const NOT_A_VALUE = /^(?:true|false|null|nil|none|yes|no|on|off|~|-|\d{1,5}|redacted|\(?sensitive\)?|\[masked\]|\(redacted\)|<redacted>)$/i;
/** Templates and variable references: `{{ .Values.x }}`, `${X}`, `$X`, `$(X)`, `%X%` (not an unclosed `$(X`). */
const REFERENCE = /\{\{.*\}\}|^\$\{[^}]*\}$|^\$(?:[A-Za-z_][A-Za-z0-9_]*|\([A-Za-z_][A-Za-z0-9_]*\))$|^%[A-Za-z_][A-Za-z0-9_]*%$/;
/** AWS's documented example keys (AKIAIOSFODNN7EXAMPLE, wJalrXUtnFEMI/…EXAMPLEKEY). */
const AWS_EXAMPLE = /EXAMPLE(?:KEY)?$/;

export function isKnownFake(value: string): boolean {
  return (
    value.trim().length === 0 ||
    value.startsWith(PLACEHOLDER_START) ||
    KNOWN_FAKE.test(value) ||
    NOT_A_VALUE.test(value) ||
    REFERENCE.test(value) ||
    AWS_EXAMPLE.test(value)
  );
}

/**
 * Spans of the first capture group that took part in each match (0 = the whole match when
 * there are no groups); `re` must have the g and d flags.
 */
export function spansOf(line: string, re: RegExp, label: string | ((m: RegExpExecArray) => string), priority = 0): SecretSpan[] {
  const spans: SecretSpan[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    if (m[0].length === 0) re.lastIndex++;
    let group = 0;
    for (let g = 1; g < m.length; g++) if (m[g] !== undefined) { group = g; break; }
    const value = m[group];
    const at = m.indices?.[group];
    if (value === undefined || at === undefined || isKnownFake(value)) continue;
    spans.push({ start: at[0], end: at[1], label: typeof label === 'string' ? label : label(m), priority });
  }
  return spans;
}
