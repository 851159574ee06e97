import type { Finding, FindingId } from '../../../shared/findings';
import type { Facts } from './facts';

/** One analyzer per finding id: reads facts, returns findings that cite the lines proving them. */
export interface Analyzer {
  id: FindingId;
  analyze(facts: Facts): Finding[];
}
