import type { Facts, LogMatch } from '../facts';
import { matchesOf } from '../facts';
import { groupBy } from '../finding';
import { timeOf } from '../scan/fields';

/**
 * How long a restart of GitLab or a load balancer hiccup lasts: failures spread wider than
 * this, or a quiet stretch this long after them, tell an outage from a blip.
 */
export const BLIP_S = 5 * 60;

/** Failed requests with no success and no quiet stretch of BLIP_S between them. */
export interface Burst {
  file: string;
  failures: LogMatch[];
  first?: string;
  last?: string;
  /** Successful requests logged after its last failure (in the same file). */
  okAfter: number;
  /** The evidence shows it stopped: requests worked afterwards, or the log goes on quietly for BLIP_S. */
  ended: boolean;
  /** Its failures span BLIP_S or more. */
  lasting: boolean;
  /** The runner gave up on GitLab during it (`is not healthy and will be disabled`). */
  gaveUp: boolean;
  /** Most lines of its file are failures: a pasted excerpt of the outage itself. */
  wholeExcerpt: boolean;
}

const ms = (t: string | undefined) => (t ? new Date(t).getTime() : undefined);

/**
 * Failed requests weighed against the evidence around them, file by file: the successful
 * requests between and after them (counted by the scanner, LogSpan.successes) and the time
 * they and their log cover. A runner that cannot reach GitLab fails every poll (every few
 * seconds) until it gives up for `unhealthy_interval`, so an outage shows as a burst that
 * lasts, that the log ends in, or after which the runner gives up; a blip is a short burst
 * after which requests work again or the log goes on quietly.
 */
export function requestBursts(facts: Facts, failures: readonly LogMatch[]): Burst[] {
  const out: Burst[] = [];
  const gaveUp = matchesOf(facts, 'runner-unhealthy');
  for (const [file, fails] of groupBy(failures, (m) => m.file)) {
    const span = facts.logSpans.get(file);
    const sorted = [...fails].sort((a, b) => a.line - b.line);
    const wholeExcerpt = sorted.length * 2 >= (span?.lines ?? Infinity);
    const groups: LogMatch[][] = [];
    for (const m of sorted) {
      const current = groups[groups.length - 1];
      const prev = current?.[current.length - 1];
      const okBetween = prev ? (m.successesBefore ?? 0) - (prev.successesBefore ?? 0) : 0;
      const [tp, tm] = [ms(prev && timeOf(prev.excerpt)), ms(timeOf(m.excerpt))];
      const quiet = tp !== undefined && tm !== undefined && tm - tp >= BLIP_S * 1000;
      if (!current || okBetween > 0 || quiet) groups.push([m]);
      else current.push(m);
    }
    groups.forEach((g, i) => {
      const head = g[0]!;
      const tail = g[g.length - 1]!;
      const next = groups[i + 1]?.[0];
      const first = timeOf(head.excerpt);
      const last = timeOf(tail.excerpt);
      const okAfter = (next?.successesBefore ?? span?.successes ?? 0) - (tail.successesBefore ?? 0);
      const quietAfter = ms(last) !== undefined && ms(span?.last) !== undefined && ms(span?.last)! - ms(last)! >= BLIP_S * 1000;
      const lasting = ms(first) !== undefined && ms(last) !== undefined && ms(last)! - ms(first)! >= BLIP_S * 1000;
      out.push({
        file,
        failures: g,
        ...(first ? { first } : {}),
        ...(last ? { last } : {}),
        okAfter,
        ended: !!next || okAfter > 0 || quietAfter,
        lasting,
        gaveUp: gaveUp.some((u) => u.file === file && u.line > head.line && (!next || u.line < next.line)),
        wholeExcerpt,
      });
    });
  }
  return out;
}

/**
 * An outage rather than a blip: its failures last, the evidence ends while they go on (more
 * than one failure, nothing working after), the runner gives up on GitLab, or the excerpt is
 * made of them.
 */
export function isOutage(b: Burst): boolean {
  return b.wholeExcerpt || b.lasting || b.gaveUp || (!b.ended && b.failures.length > 1);
}
