import { AUTOMATED_FIX_IDS, type EvidenceLine, type FixId, type FixRef } from '../../../shared/findings';
import type { EvidenceKind } from '../../../shared/evidence';
import type { Claim } from './analyzer';
import type { Facts, Located } from './facts';
import { list, msg, type Message } from '../../../shared/messages';
import { formatMessage } from '../../../shared/i18n/text';
import { manualStepsMessage } from './manual-steps';

/** Lines cited per finding: enough to prove it, few enough to read. */
export const MAX_EVIDENCE = 10;

const AUTOMATED = new Set<FixId>(AUTOMATED_FIX_IDS);

/** English text of a message (as findings.json carries it), or the text as given. */
export const english = (text: string | Message): string => (typeof text === 'string' ? text : formatMessage(text));

/** A fix; automated ones carry their manual steps too, so the advice works without Runner Doctor. */
export function fix(id: FixId, title: string | Message, manual?: string | Message): FixRef {
  const steps = manual ?? manualStepsMessage(id);
  const ref: FixRef = { id, title: english(title), automated: AUTOMATED.has(id), ...(steps ? { manual: english(steps) } : {}) };
  if (typeof title === 'string' || typeof steps === 'string') return ref;
  return { ...ref, messages: { title, ...(steps ? { manual: steps } : {}) } };
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

/** Evidence kinds that have a name in "Not checked: no … was collected" (`source.<kind>` in the catalogs). */
const NAMED_SOURCES = new Set<EvidenceKind>(['config-toml', 'kube-object', 'gitlab-api', 'runner-log', 'job-log', 'journal', 'podman-info', 'docker-info', 'df', 'free', 'curl-verbose', 'runner-version']);

export function hasKind(facts: Facts, ...kinds: readonly EvidenceKind[]): boolean {
  return facts.entries.some((e) => kinds.includes(e.kind));
}

/**
 * A ruled-out check, stated only when evidence of one of `basis` kinds was collected (and
 * `shown`, when given, says that evidence holds what the claim rests on); otherwise
 * "Not checked: no config.toml was collected." (`source` names what is missing).
 */
export function claim(facts: Facts, basis: readonly EvidenceKind[], text: string | Message, opts: { shown?: boolean; source?: string | Message } = {}): Claim {
  if (opts.shown !== false && hasKind(facts, ...basis)) return { text, basis };
  const what = opts.source ? [opts.source] : basis.map((k) => (NAMED_SOURCES.has(k) ? msg(`source.${k}`) : k));
  return { text: msg('common.notChecked', { what: list(what, 'or') }), basis: [] };
}

/** A log-only check: true wherever any log was read. */
export const LOG_KINDS: readonly EvidenceKind[] = ['runner-log', 'job-log', 'journal', 'systemctl-status'];

/**
 * The failing lines (ERROR/FATAL/PANIC, `Job failed`) of a file from `from` on: an analyzer that
 * explains why a job failed cites the job's own `Job failed` line too.
 */
export function failingLinesAfter(facts: Facts, at: Located, limit = 2): Located[] {
  const out: Located[] = [];
  for (const g of facts.failures.values()) for (const s of g.samples) if (s.file === at.file && s.line > at.line) out.push(s);
  return out.sort((a, b) => a.line - b.line).slice(0, limit);
}
