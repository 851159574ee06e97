import type { Finding } from '../../../../shared/findings';
import type { Manifest } from '../../../../shared/bundle';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:980px;margin:2rem auto;padding:0 1rem;color:#1b1f24}
h1{font-size:1.6rem}h2{border-bottom:1px solid #d0d7de;padding-bottom:.3rem;margin-top:2rem}
.finding{border:1px solid #d0d7de;border-left-width:6px;border-radius:6px;padding:.8rem 1rem;margin:1rem 0}
.error{border-left-color:#cf222e}.warning{border-left-color:#bf8700}.info{border-left-color:#0969da}
.sev{font-weight:700;text-transform:uppercase;font-size:.8rem}code,pre{font-family:ui-monospace,monospace;font-size:.85rem}
pre{background:#f6f8fa;padding:.6rem;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}`;

function findingHtml(f: Finding): string {
  const e = escapeHtml;
  return `<section class="finding ${e(f.severity)}" id="finding-${e(f.id)}">
<div class="sev">${e(f.severity)} · <code>${e(f.id)}</code>${f.versions ? ` · ${e(f.versions)}` : ''}</div>
<h3>${e(f.title)}</h3><p>${e(f.summary)}</p>
<h4>Evidence</h4>${f.evidence.map((ev) => `<div><code>${e(ev.file)}:${ev.line}</code><pre>${e(ev.excerpt)}</pre></div>`).join('')}
${f.fixes.length ? `<h4>Fixes</h4><ul>${f.fixes.map((x) => `<li>${e(x.title)}${x.automated ? ' <em>(automated)</em>' : ''}${x.manual ? ` — ${e(x.manual)}` : ''}</li>`).join('')}</ul>` : ''}
${f.ruledOut?.length ? `<h4>Ruled out</h4><ul>${f.ruledOut.map((r) => `<li>${e(r)}</li>`).join('')}</ul>` : ''}
${f.references.length ? `<p>References: ${f.references.map(e).join(', ')}</p>` : ''}
</section>`;
}

/** report.html: one self-contained page, no scripts, no network: findings, evidence index, redaction, errors. */
export function renderHtmlReport(manifest: Manifest, findings: readonly Finding[]): string {
  const e = escapeHtml;
  const redaction = Object.entries(manifest.redactionSummary ?? {});
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Runner Doctor report</title><style>${STYLE}</style></head>
<body><h1>Runner Doctor report</h1>
<p>Created ${e(manifest.createdAt)} by ${e(manifest.app.name)} ${e(manifest.app.version)}. Sources: ${e(manifest.sources.map((s) => s.description).join('; ') || 'none')}.</p>
<h2>Findings (${findings.length})</h2>
${findings.length ? findings.map(findingHtml).join('\n') : '<p>No known failure mode was found in the evidence.</p>'}
<h2>Evidence (${manifest.files.length} files)</h2>
<table><thead><tr><th>File</th><th>Kind</th><th>Source</th><th>Bytes</th><th>Redacted</th></tr></thead><tbody>
${manifest.files.map((f) => `<tr><td><code>${e(f.path)}</code>${f.truncated ? ' (truncated)' : ''}</td><td>${e(f.kind)}</td><td>${e(f.source)}</td><td>${f.bytes}</td><td>${f.redactions}</td></tr>`).join('\n')}
</tbody></table>
<h2>Redaction</h2>
${redaction.length ? `<ul>${redaction.map(([rule, n]) => `<li><code>${e(rule)}</code>: ${n}</li>`).join('')}</ul>` : '<p>Nothing needed redacting.</p>'}
${manifest.errors.length ? `<h2>Collection errors</h2><ul>${manifest.errors.map((x) => `<li><strong>${e(x.source)}</strong>: ${e(x.message)}</li>`).join('')}</ul>` : ''}
</body></html>
`;
}
