import type { Analyzer } from '../analyzer';
import { jobTokenExpired } from './job-token-expired';

/** Every analyzer, one per finding id. */
export const ANALYZERS: readonly Analyzer[] = [jobTokenExpired];
