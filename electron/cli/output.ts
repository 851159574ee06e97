import type { TFunction } from 'i18next';
import { buildChains } from '../../shared/chains';
import { findingKey, type Chain, type Finding, type Severity } from '../../shared/findings';
import type { Language } from '../../shared/i18n/languages';
import type { CollectionNote } from '../../shared/evidence';
import { findingsSummary, isNotChecked, localizeChains, localizeFindings, textFor, textIn } from '../../shared/i18n/text';
import { Redactor } from '../core/evidence/redact/redactor';
import { redactText } from '../core/evidence/redact/redact-stream';
import { progressText, type ProgressFn } from '../core/collect/progress';
import { liveTable } from './progress-table';
import { cliText, textInLanguage } from './language';
import { forTerminal as t } from './terminal';

const useColor = () => process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: string, text: string) => (useColor() ? `\u001b[${code}m${text}\u001b[0m` : text);
const SEVERITY_COLOR = { error: '31;1', warning: '33;1', info: '36' } as const;

/** Every text here comes from evidence or findings built from it: `t` keeps terminal controls out. */
function formatChains(chains: readonly Chain[], say: TFunction, cli: TFunction, severity: (s: Severity) => string): string[] {
  const out = [chains.some((c) => c.keys.length > 1) ? say('findings.rootCausesFirst') : cli('findings.inShort')];
  for (const c of chains) {
    out.push(`  ${paint(SEVERITY_COLOR[c.severity], severity(c.severity))} ${t(c.text)}`);
    if (c.keys.length > 1 && c.fixes[0]) out.push(`    ${t(cli('findings.fixFirst', { fix: c.fixes[0].title }))}`);
  }
  out.push('');
  return out;
}

/**
 * Findings for people, in `lang`: a one-line count, the stories (root cause → effects), then
 * each finding in the stories' order with the lines that prove it and what to do.
 */
export function formatFindings(all: readonly Finding[], allChains: readonly Chain[] = buildChains(all), lang: Language = 'en'): string {
  const say = textFor(lang);
  const cli = textFor(lang, 'cli');
  if (all.length === 0) return `${cli('findings.noneInLogs')}\n`;
  const findings = localizeFindings(all, lang);
  const chains = localizeChains(allChains, findings, lang);
  const severity = (s: Severity) => say(`severity.${s}`).toLocaleUpperCase(lang);
  const out: string[] = [`${t(findingsSummary(findings, lang))}.`, ''];
  out.push(...formatChains(chains, say, cli, severity));
  const byKey = new Map(findings.map((f) => [findingKey(f), f]));
  const ordered = [...new Set([...chains.flatMap((c) => c.keys.map((k) => byKey.get(k)!).filter(Boolean)), ...findings])];
  for (const f of ordered) {
    out.push(`${paint(SEVERITY_COLOR[f.severity], severity(f.severity))} ${t(f.id)}: ${t(f.title)}`);
    if (f.causedBy?.length) out.push(`  ${t(cli('findings.causedBy', { causes: f.causedBy.map((k) => byKey.get(k)?.label ?? k).join(', ') }))}`);
    out.push(`  ${t(f.summary)}`);
    for (const e of f.evidence) out.push(`  ${paint('2', t(`${e.file}:${e.line}`))}\n    ${t(e.excerpt)}`);
    for (const fix of f.fixes) out.push(`  ${t(cli('findings.fix', { fix: `${fix.title}${fix.manual ? ` — ${fix.manual}` : ''}` }))}`);
    (f.ruledOut ?? []).forEach((r, i) => out.push(`  ${t(isNotChecked(f, i) ? r : cli('findings.ruledOut', { claim: r }))}`));
    if (f.references.length) out.push(`  ${t(cli('findings.see', { refs: f.references.join(', ') }))}`);
    out.push('');
  }
  return out.join('\n');
}

/**
 * What the collectors remarked that is no error (docker absent on a podman host), in `lang`:
 * a short section of its own, or nothing. Apart from "could not collect", so no one mistakes one for the other.
 */
export function formatNotes(notes: readonly CollectionNote[], lang: Language = 'en'): string {
  if (notes.length === 0) return '';
  const cli = textFor(lang, 'cli');
  return [cli('collect.notes'), ...notes.map((n) => `  ${cli('collect.note', { source: n.source, message: textIn(n.message, n.text, lang) })}`), ''].join('\n');
}

export function worstExitCode(findings: readonly Finding[]): 0 | 1 {
  return findings.some((f) => f.severity === 'error' || f.severity === 'warning') ? 1 : 0;
}

/**
 * Progress on stderr, only when a person is watching: one table, redrawn in place. Every text
 * is redacted like the bundle (a kubeconfig exec plugin's error can echo its token) and made
 * safe for the terminal, through `clean`. Call `finish` before printing anything else.
 */
export function progressPrinter(enabled: boolean) {
  const redactor = new Redactor();
  const clean = (text: string) => t(redactText(redactor, text).text);
  const table = liveTable(process.stderr, clean, cliText());
  const onProgress: ProgressFn = (source, state, said, done, total) => {
    const { message, text } = progressText(said);
    // The table shows each collector's words in the language of the text output.
    if (enabled) table.update({ source: source.id, target: source.target, ...(source.part !== undefined ? { part: source.part } : {}), state, message: textInLanguage(message, text), ...(done !== undefined ? { done } : {}), ...(total !== undefined ? { total } : {}) });
  };
  return Object.assign(onProgress, { finish: () => enabled && table.finish() });
}

/** Every string in `value` redacted with one redactor (same secret, same placeholder). */
export function redactStrings<T>(value: T, redactor = new Redactor()): T {
  if (typeof value === 'string') return redactText(redactor, value).text as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactStrings(v, redactor)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactStrings(v, redactor)])) as T;
  }
  return value;
}
