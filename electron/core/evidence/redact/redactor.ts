import { createHash } from 'node:crypto';
import type { RedactionSummary } from '../../../../shared/evidence';
import { BASE64_HINTS } from './base64-blobs';
import { DEFAULT_RULES, STRUCTURE_HINTS } from './default-rules';
import { ENCODED_HINTS, encodedView } from './encoded-view';
import { Prefilter } from './prefilter';
import type { HintSpec } from './hint-scan';
import type { RedactionRule, SecretSpan } from './rules';
import { redactionPlaceholder } from '../../../../shared/redaction-placeholder';
import { tokenKindByRedactionLabel, type GitlabTokenKindId } from '../../../../shared/gitlab-token-kinds';
import { fitPlaceholder } from './yaml-safe';

interface RuleSpan extends SecretSpan {
  rule: string;
  /** The text that identifies the secret for its placeholder (the winning span's text). */
  identity: string;
}

/**
 * Secrets without a shape of their own (found by a key name, a header, a Secret), at least
 * this long and varied enough, are also replaced where they recur bare on a line the rules
 * look at. Shaped secrets (glpat-…, JWTs, AWS keys) are recognised anywhere anyway. Few are
 * kept: every one costs a search on each such line.
 */
const MIN_RECURRING = 12;
const MAX_RECURRING = 64;
const SHAPELESS_RULES = new Set(['secret-by-name', 'secret-env-pair', 'http-credentials', 'uri-credentials', 'kube-secret-data']);

function worthRemembering(secret: string): boolean {
  if (secret.length < MIN_RECURRING || secret.length > 4096 || /\s/.test(secret)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((re) => re.test(secret)).length;
  return classes >= 2;
}

/**
 * One redactor per bundle: the same secret gets the same placeholder everywhere in it, so a
 * support engineer can still see that two files hold the same token. Secrets are remembered
 * by their sha256 (a few shapeless ones as they are, to find them again), only in memory, only
 * for the bundle's lifetime, and never written anywhere.
 */
export class Redactor {
  private readonly placeholders = new Map<string, string>();
  private readonly perLabel = new Map<string, number>();
  private readonly counts = new Map<string, number>();
  /** The GitLab token kind of each placeholder given for one, for the files' typed records. */
  private readonly tokenKinds = new Map<string, GitlabTokenKindId>();
  /** A few shapeless secrets seen once, replaced where they recur without a key or prefix. */
  private readonly recurring = new Map<string, string>();
  private readonly prefilter: Prefilter;

  constructor(private readonly rules: readonly RedactionRule[] = DEFAULT_RULES) {
    this.prefilter = new Prefilter([...rules.flatMap((r) => r.hints), ...STRUCTURE_HINTS, ...ENCODED_HINTS, ...BASE64_HINTS]);
  }

  /** The words that may start a secret, as plain data for a scan on another thread. */
  get hintSpec(): HintSpec {
    return this.prefilter.spec;
  }

  /** Where the lines of `bytes` (read as latin1) that hold a hint start. */
  hintedLineStarts(bytes: Uint8Array): number[] {
    return this.prefilter.lineStartsInBytes(bytes);
  }

  /** Index of the first place in `text` (from `from`) where a secret may start, or -1. */
  nextHint(text: string, from: number, lower?: string): number {
    return this.prefilter.next(text, from, lower);
  }

  /**
   * Redacts one line (no line terminator) with the line rules only; the stream adds structure.
   * `hinted` skips the prefilter when the caller already ran it over the line.
   */
  redactLine(line: string, hinted = false): { text: string; count: number } {
    if (!hinted && this.prefilter.next(line, 0) === -1) return { text: line, count: 0 };
    const lower = line.toLowerCase();
    const spans: RuleSpan[] = [];
    for (const rule of this.rules) {
      if (!rule.hints.some((h) => lower.includes(h))) continue;
      for (const span of rule.find(line)) spans.push({ ...span, rule: rule.id, identity: '' });
    }
    // Escapes inside a secret (`glpat\u002d…`, `glrt%2D…`): the rules also read the decoded line.
    const view = lower.includes('\\') || lower.includes('%') ? encodedView(line) : undefined;
    if (view) {
      const decodedLower = view.text.toLowerCase();
      for (const rule of this.rules) {
        if (!rule.hints.some((h) => decodedLower.includes(h))) continue;
        for (const span of rule.find(view.text)) {
          spans.push({ ...span, start: view.starts[span.start] ?? line.length, end: view.starts[span.end] ?? line.length, rule: rule.id, identity: '' });
        }
      }
    }
    for (const [secret] of this.recurring) {
      for (let at = line.indexOf(secret); at !== -1; at = line.indexOf(secret, at + secret.length)) {
        spans.push({ start: at, end: at + secret.length, label: '', priority: -1, rule: 'repeated-secret', identity: '' });
      }
    }
    if (spans.length === 0) return { text: line, count: 0 };
    let out = '';
    let at = 0;
    // A span with nothing of a value in it (a bracket, a quote) is no redaction: it is not counted.
    const merged = mergeSpans(line, spans.filter((s) => /[A-Za-z0-9]/.test(line.slice(s.start, s.end))));
    for (const span of merged) {
      const placeholder = this.placeholderFor(span.identity, span.rule, span.label);
      out += line.slice(at, span.start) + fitPlaceholder(line.slice(0, span.start), placeholder, line.slice(span.end));
      at = span.end;
    }
    return { text: out + line.slice(at), count: merged.length };
  }

  /**
   * The placeholder for a secret, the same one every time the same secret is seen. `rule` is
   * counted in the summary; `label` says what the secret is.
   */
  placeholderFor(secret: string, rule: string, label: string): string {
    this.counts.set(rule, (this.counts.get(rule) ?? 0) + 1);
    // Keyed by digest: the map holds no secret, and no slice of the chunk it was found in.
    const key = createHash('sha256').update(secret).digest('base64');
    const known = this.placeholders.get(key);
    if (known) return known;
    const n = (this.perLabel.get(label) ?? 0) + 1;
    this.perLabel.set(label, n);
    const placeholder = redactionPlaceholder(label, n);
    this.placeholders.set(key, placeholder);
    const kind = tokenKindByRedactionLabel(label);
    if (kind) this.tokenKinds.set(placeholder, kind.id);
    if (this.recurring.size < MAX_RECURRING && SHAPELESS_RULES.has(rule) && worthRemembering(secret)) {
      this.recurring.set(Buffer.from(secret).toString(), placeholder);
    }
    return placeholder;
  }

  /** The GitLab token kind this redactor gave `placeholder` for, if it gave it for one. */
  tokenKindOf(placeholder: string): GitlabTokenKindId | undefined {
    return this.tokenKinds.get(placeholder);
  }

  /**
   * Makes new placeholders of `label` start after `n`: re-redacting a bundle must not reuse
   * numbers its placeholders already carry for other secrets.
   */
  reserve(label: string, n: number): void {
    if (n > (this.perLabel.get(label) ?? 0)) this.perLabel.set(label, n);
  }

  /** Counts per rule id; never values. */
  summary(): RedactionSummary {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
  }
}

/**
 * Overlapping spans (two rules hitting the same token) become one covering both; the label
 * and identity come from the highest-priority span, so `token = "corp-glpat-…"` and a bare
 * `glpat-…` elsewhere get the same placeholder.
 */
function mergeSpans(line: string, spans: RuleSpan[]): RuleSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: RuleSpan[] = [];
  let best: RuleSpan | undefined;
  for (const span of sorted) {
    const last = out[out.length - 1];
    if (last && best && span.start < last.end) {
      last.end = Math.max(last.end, span.end);
      if ((span.priority ?? 0) > (best.priority ?? 0)) best = span;
      last.label = best.label;
      last.rule = best.rule;
      last.identity = line.slice(best.start, best.end);
    } else {
      best = span;
      out.push({ ...span, identity: line.slice(span.start, span.end) });
    }
  }
  return out;
}
