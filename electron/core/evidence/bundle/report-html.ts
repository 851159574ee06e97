import { buildChains } from '../../../../shared/chains';
import type { Finding } from '../../../../shared/findings';
import type { Manifest } from '../../../../shared/bundle';
import type { TFunction } from 'i18next';
import type { Language } from '../../../../shared/i18n/languages';
import { findingsSummary, localizeFindings, textFor, textIn } from '../../../../shared/i18n/text';
import { humanBytes, redactionTotal, ruleDescription } from './report-common';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const STYLE = `body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:980px;margin:2rem auto;padding:0 1rem;color:#1b1f24;background:#fff}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{border-bottom:1px solid #d0d7de;padding-bottom:.3rem;margin-top:2rem}h3{margin:.2rem 0 .4rem}
.meta{color:#57606a;margin-top:0}.glance{background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;padding:.6rem 1rem}
.glance ul{margin:.3rem 0;padding-left:1.2rem}
.finding{border:1px solid #d0d7de;border-left-width:6px;border-radius:6px;padding:.8rem 1rem;margin:1rem 0}
.error{border-left-color:#cf222e}.warning{border-left-color:#bf8700}.info{border-left-color:#0969da}
.sev{font-weight:700;text-transform:uppercase;font-size:.8rem}.sev.error{color:#cf222e}.sev.warning{color:#9a6700}.sev.info{color:#0969da}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.85rem}
pre{background:#f6f8fa;padding:.6rem;overflow-x:auto;white-space:pre-wrap;word-break:break-all;margin:.3rem 0 .8rem}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.num{text-align:right;white-space:nowrap}.note{color:#57606a}
@media print{body{margin:0;max-width:none}.finding{break-inside:avoid}}
:root{color-scheme:light dark}
@media (prefers-color-scheme:dark){body{color:#e3e7ee;background:#12161f}h2,.glance,.finding,td,th{border-color:#384154}
.meta,.note{color:#a3acbb}.glance,pre,th{background:#1b212d}a{color:#9aa8ff}
.error{border-left-color:#ff9d94}.warning{border-left-color:#f2c261}.info{border-left-color:#8cc4f7}
.sev.error{color:#ff9d94}.sev.warning{color:#f2c261}.sev.info{color:#8cc4f7}}`;

function findingHtml(f: Finding, i: number, say: TFunction): string {
  const e = escapeHtml;
  const sev = e(say(`severity.${f.severity}`));
  return `<section class="finding ${e(f.severity)}" id="finding-${i + 1}">
<div><span class="sev ${e(f.severity)}">${sev}</span> · <code>${e(f.id)}</code>${f.versions ? ` · ${e(f.versions)}` : ''}</div>
<h3>${codeText(f.title)}</h3><p>${codeText(f.summary)}</p>
<h4>${e(say('report.evidence'))}</h4>${f.evidence.map((ev) => `<div><code>${e(ev.file)}:${ev.line}</code><pre>${e(ev.excerpt)}</pre></div>`).join('')}
${f.fixes.length ? `<h4>${e(say('report.fixes'))}</h4><ul>${f.fixes.map((x) => `<li>${codeText(x.title)}${x.automated ? ` <em>(${e(say('report.automated', { command: '\u0000' })).replace('\u0000', `<code>runner-doctor fix ${e(f.id)}</code>`)})</em>` : ''}${x.manual ? ` — ${codeText(x.manual)}` : ''}</li>`).join('')}</ul>` : ''}
${f.ruledOut?.length ? `<h4>${e(say('report.ruledOut'))}</h4><ul>${f.ruledOut.map((r) => `<li>${e(r)}</li>`).join('')}</ul>` : ''}
${f.references.length ? `<p class="note">${e(say('report.references', { refs: f.references.join(', ') }))}</p>` : ''}
</section>`;
}

function codeText(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

/**
 * report.html: one self-contained page that needs no scripts and loads nothing (a CSP forbids
 * it): findings first, then the evidence index, the redaction summary, collection errors and notes; in `lang`.
 */
export function renderHtmlReport(manifest: Manifest, all: readonly Finding[], lang: Language = 'en'): string {
  const e = escapeHtml;
  const say = textFor(lang);
  const findings = localizeFindings(all, lang);
  const counts = findingsSummary(findings, lang);
  const redaction = Object.entries(manifest.redactionSummary ?? {});
  const col = (k: string) => e(say(`report.col.${k}`));
  const sev = (s: Finding['severity']) => e(say(`severity.${s}`));
  const glance = say('report.glance', { counts: '\u0000', files: say('report.evidenceFiles', { count: manifest.files.length }), secrets: say('report.secretsRedacted', { count: redactionTotal(manifest) }) }).replace(/\.$/, '');
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(say('report.title'))} — ${e(counts)}</title><style>${STYLE}</style></head>
<body><header><h1>${e(say('report.title'))}</h1>
<p class="meta">${e(say('report.createdFormat', { at: manifest.createdAt, app: manifest.app.name, version: manifest.app.version, format: manifest.format }))}</p></header>
<main>
<div class="glance">${e(glance).replace('\u0000', `<strong>${e(counts)}</strong>`)}${manifest.errors.length ? ` · ${e(say('report.collectionErrorsCount', { count: manifest.errors.length }))}` : ''}
${findings.length ? `<p>${e(say('findings.rootCausesFirst'))}</p><ol class="chains">${buildChains(findings).map((c) => `<li>${codeText(c.text)} <span class="note">(${sev(c.severity)})</span></li>`).join('')}</ol>` : ''}
${findings.length ? `<ul>${findings.map((f, i) => `<li><a href="#finding-${i + 1}">${codeText(f.title)}</a> <span class="note">(${sev(f.severity)})</span></li>`).join('')}</ul>` : ''}
<div class="note">${e(say('report.sources', { sources: manifest.sources.map((s) => textIn(s.description, s.text, lang)).join('; ') || say('report.none') }))}</div></div>
<h2 id="findings">${e(say('report.findingsHeading', { count: findings.length }))}</h2>
${findings.length ? findings.map((f, i) => findingHtml(f, i, say)).join('\n') : `<p>${e(say('findings.none'))}</p>`}
<h2 id="evidence">${e(say('report.evidenceHeading', { count: manifest.files.length }))}</h2>
${manifest.files.length ? `<table><thead><tr><th>${col('file')}</th><th>${col('kind')}</th><th>${col('source')}</th><th>${col('size')}</th><th>${col('redacted')}</th></tr></thead><tbody>
${manifest.files.map((f) => `<tr><td><code>${e(f.path)}</code>${f.truncated ? ` <span class="note">(${e(say('report.headAndTail'))})</span>` : ''}</td><td>${e(f.kind)}</td><td>${e(f.source)}</td><td class="num">${e(humanBytes(f.bytes))}</td><td class="num">${f.redactions}</td></tr>`).join('\n')}
</tbody></table>` : `<p>${e(say('report.noEvidence'))}</p>`}
<h2 id="redaction">${e(say('report.redaction'))}</h2>
<p>${codeText(say('report.placeholderNote'))}</p>
${redaction.length ? `<table><thead><tr><th>${col('rule')}</th><th>${col('replaced')}</th></tr></thead><tbody>${redaction.map(([rule, n]) => `<tr><td>${e(ruleDescription(rule, lang))} <code>${e(rule)}</code></td><td class="num">${n}</td></tr>`).join('')}</tbody></table>` : `<p>${e(say('report.nothingRedacted'))}</p>`}
${manifest.errors.length ? `<h2 id="errors">${e(say('report.collectionErrors'))}</h2><ul>${manifest.errors.map((x) => `<li><strong>${e(x.source)}</strong>: ${e(textIn(x.message, x.text, lang))}</li>`).join('')}</ul>` : ''}
${manifest.notes?.length ? `<h2 id="notes">${e(say('report.notes'))}</h2><p class="note">${e(say('report.notesIntro'))}</p><ul class="notes">${manifest.notes.map((x) => `<li><strong>${e(x.source)}</strong>: ${e(textIn(x.message, x.text, lang))}</li>`).join('')}</ul>` : ''}
</main>
<footer><p class="note">${e(say('report.verifyHtml', { command: '\u0000' })).replace('\u0000', '<code>runner-doctor bundle verify &lt;file&gt;.zip</code>')}</p></footer>
</body></html>
`;
}
