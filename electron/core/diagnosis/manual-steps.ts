import { CONTRACT_FIX_IDS, type ContractFixId, type FixId } from '../../../shared/findings';
import { msg, type Message } from '../../../shared/messages';
import { formatMessage } from '../../../shared/i18n/text';

const CONTRACT = new Set<FixId>(CONTRACT_FIX_IDS);

/**
 * How to carry out each of the contract's fixes by hand: every finding tells the user what to
 * do, also where `runner-doctor fix` can do it for them (CONTRACTS.md §3). The texts are
 * `fix.<id>.manual` in shared/i18n/findings.*.json.
 */
export function manualStepsMessage(id: FixId): Message | undefined {
  return CONTRACT.has(id) ? msg(`fix.${id}.manual`) : undefined;
}

/** The manual steps in English. */
export const MANUAL_STEPS = Object.fromEntries(CONTRACT_FIX_IDS.map((id) => [id, formatMessage(msg(`fix.${id}.manual`))])) as Record<ContractFixId, string>;
