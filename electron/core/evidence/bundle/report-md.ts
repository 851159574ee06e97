import type { Finding } from '../../../../shared/findings';
import type { Manifest } from '../../../../shared/bundle';

function fence(text: string): string {
  const ticks = text.includes('```') ? '````' : '```';
  return `${ticks}\n${text}\n${ticks}`;
}

/** report.md: a paste-ready summary for a support ticket, findings first. */
export function renderMarkdownReport(manifest: Manifest, findings: readonly Finding[]): string {
  const out: string[] = [];
  out.push(`# Runner Doctor report`, '');
  out.push(`Created ${manifest.createdAt} by ${manifest.app.name} ${manifest.app.version}.`);
  out.push(`Sources: ${manifest.sources.map((s) => s.description).join('; ') || 'none'}.`, '');
  out.push(`## Findings (${findings.length})`, '');
  if (findings.length === 0) out.push('No known failure mode was found in the evidence.', '');
  for (const f of findings) {
    out.push(`### ${f.severity.toUpperCase()}: ${f.title}`, '', `\`${f.id}\`${f.versions ? ` · ${f.versions}` : ''}`, '', f.summary, '');
    out.push('Evidence:', '');
    for (const e of f.evidence) out.push(`- \`${e.file}:${e.line}\``, '', fence(e.excerpt), '');
    if (f.fixes.length) {
      out.push('Fixes:', '');
      for (const fix of f.fixes) out.push(`- ${fix.title}${fix.automated ? ' (automated)' : ''}${fix.manual ? ` — ${fix.manual}` : ''}`);
      out.push('');
    }
    if (f.ruledOut?.length) {
      out.push('Ruled out:', '');
      for (const r of f.ruledOut) out.push(`- ${r}`);
      out.push('');
    }
    if (f.references.length) out.push(`References: ${f.references.join(', ')}`, '');
  }
  out.push(`## Evidence (${manifest.files.length} files)`, '');
  for (const file of manifest.files) {
    out.push(`- \`${file.path}\` — ${file.kind}, ${file.bytes} bytes, from ${file.source}${file.redactions ? `, ${file.redactions} redacted` : ''}${file.truncated ? ', truncated' : ''}`);
  }
  out.push('');
  const summary = Object.entries(manifest.redactionSummary ?? {});
  out.push('## Redaction', '');
  out.push(summary.length ? summary.map(([rule, n]) => `- ${rule}: ${n}`).join('\n') : 'Nothing needed redacting.', '');
  if (manifest.errors.length) {
    out.push('## Collection errors', '');
    for (const e of manifest.errors) out.push(`- ${e.source}: ${e.message}`);
    out.push('');
  }
  return out.join('\n');
}
