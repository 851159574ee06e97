import type { Finding } from '../../shared/findings';

const useColor = () => process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: string, text: string) => (useColor() ? `\u001b[${code}m${text}\u001b[0m` : text);
const SEVERITY_COLOR = { error: '31;1', warning: '33;1', info: '36' } as const;

/** Findings for people: severity, title, the lines that prove it, and what to do. */
export function formatFindings(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'No known failure mode was found in the evidence.\n';
  const out: string[] = [];
  for (const f of findings) {
    out.push(`${paint(SEVERITY_COLOR[f.severity], f.severity.toUpperCase())} ${f.id}: ${f.title}`);
    out.push(`  ${f.summary}`);
    for (const e of f.evidence) out.push(`  ${paint('2', `${e.file}:${e.line}`)}\n    ${e.excerpt}`);
    for (const fix of f.fixes) out.push(`  fix: ${fix.title}${fix.manual ? ` — ${fix.manual}` : ''}`);
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
