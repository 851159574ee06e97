import type { Scenario } from '../world';
import { seed000JobTokenExpired } from './seed-000-job-token-expired';

/** Every reproduced incident; the lab applies all of them unless told otherwise. */
export const SCENARIOS: readonly Scenario[] = [seed000JobTokenExpired];
