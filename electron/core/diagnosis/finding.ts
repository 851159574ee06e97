import type { EvidenceLine, FixId, FixRef } from '../../../shared/findings';
import type { Located } from './facts';

/** Lines cited per finding: enough to prove it, few enough to read. */
export const MAX_EVIDENCE = 10;

/** The fixes `runner-doctor fix` automates (CONTRACTS.md §3); the rest are advice. */
const AUTOMATED = new Set<FixId>([
  'rotate-runner-token',
  'replace-pat-with-runner-token',
  'writable-config-dir',
  'raise-request-concurrency',
  'delete-orphaned-job-secrets',
  'pin-helper-image',
  'cancel-stuck-job',
]);

export function fix(id: FixId, title: string, manual?: string): FixRef {
  return { id, title, automated: AUTOMATED.has(id), ...(manual ? { manual } : {}) };
}

/** Evidence lines in the order given, without duplicates, cut to MAX_EVIDENCE. */
export function evidence(...groups: (Located | readonly Located[] | undefined | false)[]): EvidenceLine[] {
  const seen = new Set<string>();
  const out: EvidenceLine[] = [];
  for (const group of groups) {
    if (!group) continue;
    for (const item of Array.isArray(group) ? (group as readonly Located[]) : [group as Located]) {
      const key = `${item.file}\n${item.line}\n${item.excerpt}`;
      if (seen.has(key) || !item.excerpt) continue;
      seen.add(key);
      out.push({ file: item.file, line: item.line, excerpt: item.excerpt });
      if (out.length >= MAX_EVIDENCE) return out;
    }
  }
  return out;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Groups items by a key, keeping first-seen order. */
export function groupBy<T, K>(items: readonly T[], key: (item: T) => K | undefined): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}
