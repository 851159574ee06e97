import type { Finding } from '../../../shared/findings';
import type { EvidenceKind } from '../../../shared/evidence';
import type { Facts } from './facts';
import type { LogSignature } from './scan/signatures';

/**
 * A ruled-out check and the evidence kinds it rests on: a claim is made only when one of them
 * was collected; otherwise the finding says what was not checked (see `claim` in finding.ts).
 */
export interface Claim {
  text: string;
  basis: readonly EvidenceKind[];
}

/** What an analyzer returns: a finding whose ruled-out checks still carry their basis. */
export type Draft = Omit<Finding, 'ruledOut' | 'key' | 'causes' | 'causedBy' | 'firstSeen' | 'lastSeen'> & { ruledOut?: Claim[] };

/**
 * One analyzer per finding id: reads facts, returns findings that cite the lines proving them.
 * Its log signatures live beside it (shared ones in scan/signatures.ts); `causes` names the
 * findings it can be the root cause of, linked when both are present for the same subject.
 */
export interface Analyzer {
  id: string;
  /** A few words for root-cause chains: "read-only config dir". */
  label: string;
  signatures?: readonly LogSignature[];
  causes?: readonly string[];
  /** Shared signatures whose failing lines this analyzer's findings explain (its own always are). */
  explains?: readonly string[];
  /** `earlier`: what the analyzers before it found (only unexplained-errors needs it). */
  analyze(facts: Facts, earlier: readonly Finding[]): Draft[];
}
