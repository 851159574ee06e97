import type { Analyzer } from '../analyzer';
import { LOG_SIGNATURES, type LogSignature } from '../scan/signatures';
import { configDirReadOnly } from './config-dir-read-only';
import { configInvalid } from './config-invalid';
import { gitlabRequestsFailing } from './gitlab-requests-failing';
import { gitlabUnreachable } from './gitlab-unreachable';
import { helperImagePermissionContainer } from './helper-image-permission-container';
import { hostResourceExhaustion } from './host-resource-exhaustion';
import { jobStuckRunning } from './job-stuck-running';
import { jobTokenExpired } from './job-token-expired';
import { longPollingBottleneck } from './long-polling-bottleneck';
import { orphanedJobSecrets } from './orphaned-job-secrets';
import { patExpiring } from './pat-expiring';
import { quotaExceeded } from './quota-exceeded';
import { registrationDisabled } from './registration-disabled';
import { registrationTokenDeprecated } from './registration-token-deprecated';
import { rotatedTokenLost } from './rotated-token-lost';
import { runnerOffline } from './runner-offline';
import { runnerTokenInvalid } from './runner-token-invalid';
import { runnerTokenIsPat } from './runner-token-is-pat';
import { tlsUnknownAuthority } from './tls-unknown-authority';
import { tokenTrailingNewline } from './token-trailing-newline';
import { unexplainedErrors } from './unexplained-errors';
import { artifactsTooLarge } from './artifacts-too-large';
import { cacheUploadFailed } from './cache-upload-failed';
import { dockerDaemonUnreachable } from './docker-daemon-unreachable';
import { gitAuthDenied } from './git-auth-denied';
import { imagePullFailed } from './image-pull-failed';
import { jobOomKilled } from './job-oom-killed';
import { jobTimeout } from './job-timeout';
import { kubePodStartTimeout } from './kube-pod-start-timeout';
import { tlsCertificateExpired } from './tls-certificate-expired';

/**
 * Signatures each analyzer's findings explain: filled from KNOWN below, read by the analyzers
 * that report what the others leave unexplained (they run after them).
 */
const EXPLAINS = new Map<string, readonly string[]>();

/**
 * The knowledge base: one analyzer per finding id, one line each. An analyzer file holds its
 * signatures, its causal links and its documentation comment; docs/diagnosis.md has its entry
 * and test/fixtures/cases its cases.
 */
const KNOWN: readonly Analyzer[] = [
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
  dockerDaemonUnreachable,
  kubePodStartTimeout,
  imagePullFailed,
  jobOomKilled,
  jobTimeout,
  gitAuthDenied,
  artifactsTooLarge,
  cacheUploadFailed,
  tlsCertificateExpired,
  registrationDisabled,
  gitlabRequestsFailing(EXPLAINS), // after every analyzer whose findings may explain failed requests
];

for (const a of KNOWN) EXPLAINS.set(a.id, [...(a.signatures ?? []).map((s) => s.id), ...(a.explains ?? [])]);

/** Every analyzer, in the order they run: unexplained-errors last, as it reads the others' findings. */
export const ANALYZERS: readonly Analyzer[] = [...KNOWN, unexplainedErrors(EXPLAINS)];

export const FINDING_IDS: readonly string[] = ANALYZERS.map((a) => a.id);

/** Every log signature: the shared ones and those beside their analyzers. */
export const SIGNATURES: readonly LogSignature[] = [...(LOG_SIGNATURES as readonly LogSignature[]), ...ANALYZERS.flatMap((a) => a.signatures ?? [])];
