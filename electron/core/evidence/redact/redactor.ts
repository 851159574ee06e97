import { DEFAULT_RULES, type RedactionRule, type SecretSpan } from './rules';
import type { RedactionSummary } from '../../../../shared/evidence';

interface LabelledSpan extends SecretSpan {
  rule: RedactionRule;
}

/**
 * One redactor per bundle: the same secret gets the same placeholder everywhere in it, so a
 * support engineer can still see that two files hold the same token. Values are kept only in
 * memory, only for the bundle's lifetime, and never written anywhere.
 */
export class Redactor {
  private readonly placeholders = new Map<string, string>();
  private readonly perLabel = new Map<string, number>();
  private readonly counts = new Map<string, number>();

  constructor(private readonly rules: readonly RedactionRule[] = DEFAULT_RULES) {}

  /** Redacts one line (no line terminator). Returns the line and how many secrets it replaced. */
  redactLine(line: string): { text: string; count: number } {
    const lower = line.toLowerCase();
    const spans: LabelledSpan[] = [];
    for (const rule of this.rules) {
      if (!rule.hints.some((h) => lower.includes(h))) continue;
      for (const span of rule.find(line)) spans.push({ ...span, rule });
    }
    if (spans.length === 0) return { text: line, count: 0 };
    const merged = mergeSpans(spans);
    let out = '';
    let at = 0;
    for (const span of merged) {
      out += line.slice(at, span.start) + this.placeholderFor(line.slice(span.start, span.end), span.rule);
      at = span.end;
    }
    return { text: out + line.slice(at), count: merged.length };
  }

  /** Counts per rule id; never values. */
  summary(): RedactionSummary {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
  }

  private placeholderFor(secret: string, rule: RedactionRule): string {
    this.counts.set(rule.id, (this.counts.get(rule.id) ?? 0) + 1);
    const known = this.placeholders.get(secret);
    if (known) return known;
    const n = (this.perLabel.get(rule.label) ?? 0) + 1;
    this.perLabel.set(rule.label, n);
    const placeholder = `[REDACTED ${rule.label} #${n}]`;
    this.placeholders.set(secret, placeholder);
    return placeholder;
  }
}

/** Overlapping spans (two rules hitting the same token) become one; the earliest rule names it. */
function mergeSpans(spans: LabelledSpan[]): LabelledSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: LabelledSpan[] = [];
  for (const span of sorted) {
    const last = out[out.length - 1];
    if (last && span.start < last.end) {
      last.end = Math.max(last.end, span.end);
    } else {
      out.push({ ...span });
    }
  }
  return out;
}
