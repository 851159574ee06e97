import type { Facts } from '../facts';

/**
 * The latest time the evidence itself shows (log lines, API answers' collection times): "now"
 * for deciding whether something is past or still to come, so that a bundle read next month
 * says the same as on the day it was collected. Undefined when no evidence carries a time.
 */
export function evidenceEnd(facts: Facts): Date | undefined {
  const times = [...facts.logSpans.values()].map((s) => s.last).filter((t): t is string => !!t);
  if (facts.gitlab.pat?.collectedAt) times.push(facts.gitlab.pat.collectedAt);
  const latest = times.sort().pop();
  return latest ? new Date(latest) : undefined;
}
