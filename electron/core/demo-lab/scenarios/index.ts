import type { Scenario } from '../world';
import { seed000JobTokenExpired } from './seed-000-job-token-expired';
import { seed001TokenRejected } from './seed-001-token-rejected';
import { seed002Gitlab } from './seed-002-gitlab';
import { seed002Kube } from './seed-002-kube';
import { seed004OrphanedSecrets } from './seed-004-orphaned-secrets';

/** Every reproduced incident; the lab applies all of them unless told otherwise. */
export const SCENARIOS: readonly Scenario[] = [seed000JobTokenExpired, seed001TokenRejected, seed002Gitlab, seed002Kube, seed004OrphanedSecrets];
