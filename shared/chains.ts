import { findingKey, type Chain, type Finding, type FixRef, type Severity } from './findings';

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

function byTimeThenSeverity(a: Finding, b: Finding): number {
  const ta = a.firstSeen ?? '\uffff';
  const tb = b.firstSeen ?? '\uffff';
  return ta < tb ? -1 : ta > tb ? 1 : RANK[a.severity] - RANK[b.severity] || a.id.localeCompare(b.id);
}

/** Causes before effects; among findings free to go next, the earliest in the evidence first. */
function causalOrder(members: Finding[]): Finding[] {
  const keys = new Set(members.map(findingKey));
  const pending = new Map(members.map((f) => [findingKey(f), (f.causedBy ?? []).filter((k) => keys.has(k) && k !== findingKey(f)).length]));
  const out: Finding[] = [];
  const left = [...members];
  while (left.length) {
    const ready = left.filter((f) => pending.get(findingKey(f)) === 0).sort(byTimeThenSeverity);
    // A cycle of links: take the earliest and carry on rather than drop findings.
    const next = ready[0] ?? [...left].sort(byTimeThenSeverity)[0]!;
    left.splice(left.indexOf(next), 1);
    pending.set(findingKey(next), -1);
    out.push(next);
    for (const k of next.causes ?? []) if ((pending.get(k) ?? -1) > 0) pending.set(k, pending.get(k)! - 1);
  }
  return out;
}

/** "read-only config dir → rotated token not saved → job stuck as running ×3" */
export function chainText(ordered: readonly Finding[]): string {
  const steps: { label: string; n: number }[] = [];
  const at = new Map<string, number>();
  for (const f of ordered) {
    const label = f.label ?? f.title;
    const i = at.get(f.id);
    if (i === undefined) {
      at.set(f.id, steps.length);
      steps.push({ label, n: 1 });
    } else {
      steps[i]!.n++;
    }
  }
  return steps.map((s) => (s.n > 1 ? `${s.label} ×${s.n}` : s.label)).join(' → ');
}

/**
 * Groups findings into stories: findings joined by `causes`/`causedBy` links, or about the same
 * subject (a job, a runner), form one chain led by its root cause, with one list of fixes.
 * Every finding is in exactly one chain; a finding alone is a chain of one. Pure, so the CLI,
 * the reports and the app show the same stories from the same findings.
 */
export function buildChains(findings: readonly Finding[]): Chain[] {
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let r = k;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(k, r);
    return r;
  };
  const join = (a: string, b: string) => {
    if (parent.has(a) && parent.has(b)) parent.set(find(a), find(b));
  };
  for (const f of findings) parent.set(findingKey(f), findingKey(f));
  const bySubject = new Map<string, string>();
  for (const f of findings) {
    for (const k of [...(f.causes ?? []), ...(f.causedBy ?? [])]) join(findingKey(f), k);
    if (f.subject) {
      const first = bySubject.get(f.subject);
      if (first) join(first, findingKey(f));
      else bySubject.set(f.subject, findingKey(f));
    }
  }
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const root = find(findingKey(f));
    groups.set(root, [...(groups.get(root) ?? []), f]);
  }
  const chains = [...groups.values()].map((members): Chain & { first: string } => {
    const ordered = causalOrder(members);
    const fixes: FixRef[] = [];
    const seen = new Set<string>();
    for (const f of ordered) {
      for (const fix of f.fixes) {
        const k = `${fix.id}\n${fix.title}`;
        if (!seen.has(k)) {
          seen.add(k);
          fixes.push(fix);
        }
      }
    }
    const severity = members.map((f) => f.severity).sort((a, b) => RANK[a] - RANK[b])[0]!;
    return { text: chainText(ordered), severity, keys: ordered.map(findingKey), fixes, first: members.map((f) => f.firstSeen ?? '\uffff').sort()[0]! };
  });
  chains.sort((a, b) => RANK[a.severity] - RANK[b.severity] || b.keys.length - a.keys.length || (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  return chains.map(({ first: _first, ...chain }) => chain);
}
