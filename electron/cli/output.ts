import { buildChains, findingsSummary } from '../../shared/chains';
import { findingKey, type Chain, type Finding } from '../../shared/findings';

const useColor = () => process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: string, text: string) => (useColor() ? `\u001b[${code}m${text}\u001b[0m` : text);
const SEVERITY_COLOR = { error: '31;1', warning: '33;1', info: '36' } as const;

function formatChains(chains: readonly Chain[]): string[] {
  const out = [chains.some((c) => c.keys.length > 1) ? 'Root causes first:' : 'In short:'];
  for (const c of chains) {
    out.push(`  ${paint(SEVERITY_COLOR[c.severity], c.severity.toUpperCase())} ${c.text}`);
    if (c.keys.length > 1 && c.fixes[0]) out.push(`    fix first: ${c.fixes[0].title}`);
  }
  out.push('');
  return out;
}

/**
 * Findings for people: a one-line count, the stories (root cause → effects), then each finding
 * in the stories' order with the lines that prove it and what to do.
 */
export function formatFindings(findings: readonly Finding[], chains: readonly Chain[] = buildChains(findings)): string {
  if (findings.length === 0) return 'No known failure mode was found in the evidence, and no log line reports a failure.\n';
  const out: string[] = [`${findingsSummary(findings)}.`, ''];
  out.push(...formatChains(chains));
  const byKey = new Map(findings.map((f) => [findingKey(f), f]));
  const ordered = [...new Set([...chains.flatMap((c) => c.keys.map((k) => byKey.get(k)!).filter(Boolean)), ...findings])];
  for (const f of ordered) {
    out.push(`${paint(SEVERITY_COLOR[f.severity], f.severity.toUpperCase())} ${f.id}: ${f.title}`);
    if (f.causedBy?.length) out.push(`  caused by: ${f.causedBy.map((k) => byKey.get(k)?.label ?? k).join(', ')}`);
    out.push(`  ${f.summary}`);
    for (const e of f.evidence) out.push(`  ${paint('2', `${e.file}:${e.line}`)}\n    ${e.excerpt}`);
    for (const fix of f.fixes) out.push(`  fix: ${fix.title}${fix.manual ? ` — ${fix.manual}` : ''}`);
    for (const r of f.ruledOut ?? []) out.push(r.startsWith('Not checked') ? `  ${r}` : `  ruled out: ${r}`);
    if (f.references.length) out.push(`  see: ${f.references.join(', ')}`);
    out.push('');
  }
  return out.join('\n');
}

export function worstExitCode(findings: readonly Finding[]): 0 | 1 {
  return findings.some((f) => f.severity === 'error' || f.severity === 'warning') ? 1 : 0;
}

/** Progress lines on stderr, only when a person is watching. */
export function progressPrinter(enabled: boolean) {
  return (source: string, state: string, message: string) => {
    if (enabled) process.stderr.write(`${paint('2', `[${state}]`)} ${source}: ${message}\n`);
  };
}
