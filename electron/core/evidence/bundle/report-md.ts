import { buildChains } from '../../../../shared/chains';
import type { Finding } from '../../../../shared/findings';
import type { Manifest } from '../../../../shared/bundle';
import type { Language } from '../../../../shared/i18n/languages';
import { findingsSummary, localizeFindings, subjectText, textFor, textIn } from '../../../../shared/i18n/text';
import { humanBytes, redactionTotal, ruleDescription } from './report-common';

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

/** report.md: a paste-ready summary for a support ticket, findings first, in `lang`. */
export function renderMarkdownReport(manifest: Manifest, all: readonly Finding[], lang: Language = 'en'): string {
  const say = textFor(lang);
  const findings = localizeFindings(all, lang);
  const out: string[] = [];
  const secrets = redactionTotal(manifest);
  out.push(`# ${say('report.title')}`, '');
  out.push(say('report.glance', { counts: `**${findingsSummary(findings, lang)}**`, files: say('report.evidenceFiles', { count: manifest.files.length }), secrets: say('report.secretsRedacted', { count: secrets }) }), '');
  out.push(say('report.created', { at: manifest.createdAt, app: manifest.app.name, version: manifest.app.version }));
  out.push(`${say('report.sources', { sources: t(manifest.sources.map((s) => textIn(s.description, s.text, lang)).join('; ')) || say('report.none') })}.`, '');
  if (findings.length) {
    out.push(say('findings.rootCausesFirst'), '');
    for (const c of buildChains(findings)) out.push(`1. **${say(`severity.${c.severity}`)}**: ${t(c.text)}`);
    out.push('');
  }
  out.push(`## ${say('report.findingsHeading', { count: findings.length })}`, '');
  if (findings.length === 0) out.push(say('findings.none'), '');
  for (const f of findings) {
    const subject = subjectText(f, lang);
    out.push(`### ${say(`severity.${f.severity}`).toLocaleUpperCase(lang)}: ${t(f.title)}`, '', `${code(f.id)}${f.versions ? ` · ${t(f.versions)}` : ''}${subject ? ` · ${t(subject)}` : ''}`, '', t(f.summary), '');
    out.push(`${say('report.evidence')}:`, '');
    for (const e of f.evidence) out.push(`- ${code(`${e.file}:${e.line}`)}`, '', fence(e.excerpt), '');
    if (f.fixes.length) {
      out.push(`${say('report.fixes')}:`, '');
      for (const fix of f.fixes) out.push(`- ${t(fix.title)}${fix.automated ? ` (${say('report.automated', { command: `\`runner-doctor fix ${f.id}\`` })})` : ''}${fix.manual ? ` — ${t(fix.manual)}` : ''}`);
      out.push('');
    }
    if (f.ruledOut?.length) {
      out.push(`${say('report.ruledOut')}:`, '');
      for (const r of f.ruledOut) out.push(`- ${t(r)}`);
      out.push('');
    }
    if (f.references.length) out.push(say('report.references', { refs: t(f.references.join(', ')) }), '');
  }
  out.push(`## ${say('report.evidenceHeading', { count: manifest.files.length })}`, '');
  if (manifest.files.length) {
    const col = (k: string) => say(`report.col.${k}`);
    out.push(`| ${col('file')} | ${col('kind')} | ${col('source')} | ${col('size')} | ${col('redacted')} |`, '|---|---|---|---:|---:|');
    for (const file of manifest.files) {
      out.push(`| ${cell(code(file.path))}${file.truncated ? ` (${say('report.headAndTail')})` : ''} | ${file.kind} | ${cell(t(file.source))} | ${humanBytes(file.bytes)} | ${file.redactions} |`);
    }
  } else {
    out.push(say('report.noEvidence'));
  }
  out.push('');
  const summary = Object.entries(manifest.redactionSummary ?? {});
  out.push(`## ${say('report.redaction')}`, '');
  out.push(say('report.placeholderNote'), '');
  if (summary.length) {
    out.push(`| ${say('report.col.rule')} | ${say('report.col.replaced')} |`, '|---|---:|');
    for (const [rule, n] of summary) out.push(`| ${cell(ruleDescription(rule, lang))} (${code(rule)}) | ${n} |`);
  } else {
    out.push(say('report.nothingRedacted'));
  }
  out.push('');
  if (manifest.errors.length) {
    out.push(`## ${say('report.collectionErrors')}`, '');
    for (const e of manifest.errors) out.push(`- ${t(e.source)}: ${t(textIn(e.message, e.text, lang))}`);
    out.push('');
  }
  if (manifest.notes?.length) {
    out.push(`## ${say('report.notes')}`, '', say('report.notesIntro'), '');
    for (const n of manifest.notes) out.push(`- ${t(n.source)}: ${t(textIn(n.message, n.text, lang))}`);
    out.push('');
  }
  out.push(say('report.verifyMd', { format: manifest.format }), '');
  return out.join('\n');
}
