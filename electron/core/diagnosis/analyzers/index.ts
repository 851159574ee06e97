import type { Analyzer } from '../analyzer';
import { configDirReadOnly } from './config-dir-read-only';
import { configInvalid } from './config-invalid';
import { gitlabUnreachable } from './gitlab-unreachable';
import { helperImagePermissionContainer } from './helper-image-permission-container';
import { hostResourceExhaustion } from './host-resource-exhaustion';
import { jobStuckRunning } from './job-stuck-running';
import { jobTokenExpired } from './job-token-expired';
import { longPollingBottleneck } from './long-polling-bottleneck';
import { orphanedJobSecrets } from './orphaned-job-secrets';
import { patExpiring } from './pat-expiring';
import { quotaExceeded } from './quota-exceeded';
import { registrationTokenDeprecated } from './registration-token-deprecated';
import { rotatedTokenLost } from './rotated-token-lost';
import { runnerOffline } from './runner-offline';
import { runnerTokenInvalid } from './runner-token-invalid';
import { runnerTokenIsPat } from './runner-token-is-pat';
import { tlsUnknownAuthority } from './tls-unknown-authority';
import { tokenTrailingNewline } from './token-trailing-newline';

/** Every analyzer, one per finding id (shared/findings.ts FINDING_IDS). */
export const ANALYZERS: readonly Analyzer[] = [
  jobTokenExpired,
  jobStuckRunning,
  runnerTokenIsPat,
  runnerTokenInvalid,
  registrationTokenDeprecated,
  configDirReadOnly,
  rotatedTokenLost,
  longPollingBottleneck,
  helperImagePermissionContainer,
  orphanedJobSecrets,
  quotaExceeded,
  tlsUnknownAuthority,
  gitlabUnreachable,
  tokenTrailingNewline,
  hostResourceExhaustion,
  configInvalid,
  runnerOffline,
  patExpiring,
];
