import type { Finding } from '../../../shared/findings';
import type { EvidenceKind } from '../../../shared/evidence';
import type { Facts } from './facts';
import type { Message } from '../../../shared/messages';
import type { LogSignature } from './scan/signatures';

/**
 * A ruled-out check and the evidence kinds it rests on: a claim is made only when one of them
 * was collected; otherwise the finding says what was not checked (see `claim` in finding.ts).
 */
export interface Claim {
  text: string | Message;
  basis: readonly EvidenceKind[];
}

/** What an analyzer returns: a finding whose ruled-out checks still carry their basis. */
export type Draft = Omit<Finding, 'title' | 'summary' | 'label' | 'messages' | 'ruledOut' | 'versions' | 'subject' | 'key' | 'causes' | 'causedBy' | 'firstSeen' | 'lastSeen'> & {
  /** Message ids and parameters (shared/i18n/findings.*.json); the English text is rendered from them. */
  title: string | Message;
  /** Sentences in order. */
  summary: string | Message[];
  label?: string | Message;
  ruledOut?: Claim[];
  /** Known-bad version ranges and the versions in the evidence (versions.ts `rangeText`). */
  versions?: string | Message;
  /** What it is about, built by shared/subjects.ts; its English text becomes the stable `subject`. */
  subject?: Message;
};

/**
 * One analyzer per finding id: reads facts, returns findings that cite the lines proving them.
 * Its log signatures live beside it (shared ones in scan/signatures.ts); `causes` names the
 * findings it can be the root cause of, linked when both are present for the same subject.
 */
export interface Analyzer {
  id: string;
  /** A few words for root-cause chains: "read-only config dir". */
  label: string | Message;
  signatures?: readonly LogSignature[];
  causes?: readonly string[];
  /** Shared signatures whose failing lines this analyzer's findings explain (its own always are). */
  explains?: readonly string[];
  /** `earlier`: what the analyzers before it found (only unexplained-errors needs it). */
  analyze(facts: Facts, earlier: readonly Finding[]): Draft[];
}
