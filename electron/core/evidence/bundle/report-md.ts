import { buildChains } from '../../../../shared/chains';
import type { Finding } from '../../../../shared/findings';
import type { Manifest } from '../../../../shared/bundle';
import { PLACEHOLDER_NOTE, RULE_DESCRIPTIONS, humanBytes, redactionTotal, severityCounts } from './report-common';

function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}\n${text}\n${ticks}`;
}

/** Inline code that survives backticks in the text. */
function code(text: string): string {
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

/** A table cell: pipes and newlines would break the row. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/**
 * Text from evidence outside code: Markdown renders raw HTML, so a runner named
 * `<script>…` or `<img onerror=…>` must arrive as text, as in report.html.
 */
function t(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** report.md: a paste-ready summary for a support ticket, findings first. */
export function renderMarkdownReport(manifest: Manifest, findings: readonly Finding[]): string {
  const out: string[] = [];
  out.push('# Runner Doctor report', '');
  out.push(`**${severityCounts(findings)}** in ${manifest.files.length} evidence files; ${redactionTotal(manifest)} secrets redacted.`, '');
  out.push(`Created ${manifest.createdAt} by ${manifest.app.name} ${manifest.app.version}.`);
  out.push(`Sources: ${t(manifest.sources.map((s) => s.description).join('; ')) || 'none'}.`, '');
  if (findings.length) {
    out.push('Root causes first:', '');
    for (const c of buildChains(findings)) out.push(`1. **${c.severity}**: ${t(c.text)}`);
    out.push('');
  }
  out.push(`## Findings (${findings.length})`, '');
  if (findings.length === 0) out.push('No known failure mode was found in the evidence.', '');
  for (const f of findings) {
    out.push(`### ${f.severity.toUpperCase()}: ${t(f.title)}`, '', `${code(f.id)}${f.versions ? ` · ${t(f.versions)}` : ''}${f.subject ? ` · ${t(f.subject)}` : ''}`, '', t(f.summary), '');
    out.push('Evidence:', '');
    for (const e of f.evidence) out.push(`- ${code(`${e.file}:${e.line}`)}`, '', fence(e.excerpt), '');
    if (f.fixes.length) {
      out.push('Fixes:', '');
      for (const fix of f.fixes) out.push(`- ${t(fix.title)}${fix.automated ? ` (automated: \`runner-doctor fix ${f.id}\` plans it, applies it after your yes)` : ''}${fix.manual ? ` — ${t(fix.manual)}` : ''}`);
      out.push('');
    }
    if (f.ruledOut?.length) {
      out.push('Ruled out:', '');
      for (const r of f.ruledOut) out.push(`- ${t(r)}`);
      out.push('');
    }
    if (f.references.length) out.push(`References: ${t(f.references.join(', '))}`, '');
  }
  out.push(`## Evidence (${manifest.files.length} files)`, '');
  if (manifest.files.length) {
    out.push('| File | Kind | Source | Size | Redacted |', '|---|---|---|---:|---:|');
    for (const file of manifest.files) {
      out.push(`| ${cell(code(file.path))}${file.truncated ? ' (head and tail kept)' : ''} | ${file.kind} | ${cell(t(file.source))} | ${humanBytes(file.bytes)} | ${file.redactions} |`);
    }
  } else {
    out.push('No evidence files.');
  }
  out.push('');
  const summary = Object.entries(manifest.redactionSummary ?? {});
  out.push('## Redaction', '');
  out.push(PLACEHOLDER_NOTE, '');
  if (summary.length) {
    out.push('| Rule | Replaced |', '|---|---:|');
    for (const [rule, n] of summary) out.push(`| ${cell(RULE_DESCRIPTIONS[rule] ?? rule)} (${code(rule)}) | ${n} |`);
  } else {
    out.push('Nothing needed redacting.');
  }
  out.push('');
  if (manifest.errors.length) {
    out.push('## Collection errors', '');
    for (const e of manifest.errors) out.push(`- ${t(e.source)}: ${t(e.message)}`);
    out.push('');
  }
  out.push(`Check the bundle with \`runner-doctor bundle verify <file>.zip\` (format ${manifest.format}).`, '');
  return out.join('\n');
}
