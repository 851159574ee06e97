import type { AutomatedFixId, Finding } from '../../../shared/findings';
import { cancelStuckJob } from './cancel-stuck-job';
import { deleteOrphanedJobSecrets } from './delete-orphaned-job-secrets';
import type { FixDefinition } from './fix-definition';
import { pinHelperImage } from './pin-helper-image';
import { raiseRequestConcurrency } from './raise-request-concurrency';
import { replacePatWithRunnerToken } from './replace-pat-with-runner-token';
import { rotateRunnerToken } from './rotate-runner-token';
import { writableConfigDir } from './writable-config-dir';

/** Every automated fix; the type ties it to AUTOMATED_FIX_IDS, so the two cannot drift apart. */
export const FIXES: Record<AutomatedFixId, FixDefinition<never>> = {
  'cancel-stuck-job': cancelStuckJob as FixDefinition<never>,
  'delete-orphaned-job-secrets': deleteOrphanedJobSecrets as FixDefinition<never>,
  'pin-helper-image': pinHelperImage as FixDefinition<never>,
  'raise-request-concurrency': raiseRequestConcurrency as FixDefinition<never>,
  'replace-pat-with-runner-token': replacePatWithRunnerToken as FixDefinition<never>,
  'rotate-runner-token': rotateRunnerToken as FixDefinition<never>,
  'writable-config-dir': writableConfigDir as FixDefinition<never>,
};

/** Fixes that create or rotate a runner token: GitLab shows it once, so it is kept before any other step. */
export const TOKEN_FIXES: ReadonlySet<AutomatedFixId> = new Set(['rotate-runner-token', 'replace-pat-with-runner-token']);

/** The automated fix a finding points at, if it has one. */
export function automatedFixOf(finding: Pick<Finding, 'fixes'>): AutomatedFixId | undefined {
  return finding.fixes.find((f) => f.automated && f.id in FIXES)?.id as AutomatedFixId | undefined;
}
