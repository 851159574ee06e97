import { GitlabError, type GitlabErrorCode } from '../../gitlab/errors';
import { ExecApprovalRequiredError } from '../../kube/exec-approval';
import { ExecPluginError } from '../../kube/exec-credential';
import { KubeApiError, kubeErrorMessage } from '../../kube/kube-errors';
import { KubeconfigError } from '../../kube/kubeconfig';
import { SshConfigError, SshTargetError } from '../../ssh/ssh-config';
import { isCancelled } from '../../util/abort';
import { UserFacingError } from '../dispatch';

type FacingCode = UserFacingError['code'];

const GITLAB_CODES: Record<GitlabErrorCode, FacingCode> = {
  'invalid-input': 'invalid-input',
  unauthorized: 'unauthorized',
  'insufficient-scope': 'forbidden',
  forbidden: 'forbidden',
  'not-found': 'not-found',
  gone: 'not-found',
  'rate-limited': 'server-error',
  'server-error': 'server-error',
  http: 'server-error',
  'bad-response': 'server-error',
  redirect: 'server-error',
  dns: 'unreachable',
  refused: 'unreachable',
  timeout: 'timeout',
  'connection-reset': 'unreachable',
  network: 'unreachable',
  'tls-unknown-authority': 'tls-unknown-authority',
  'tls-hostname': 'tls',
  'tls-expired': 'tls',
  tls: 'tls',
  cancelled: 'cancelled',
};

/** GitLab client errors already say what to do; keep the message, give the renderer a code to act on. */
export function gitlabFailure(err: unknown): unknown {
  if (err instanceof GitlabError) return new UserFacingError(GITLAB_CODES[err.code], err.message);
  return err;
}

const UNKNOWN_AUTHORITY = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);
const OTHER_TLS = new Set(['CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_NOT_YET_VALID']);

function causeCodes(err: unknown): string[] {
  const codes: string[] = [];
  let cur: unknown = err;
  for (let i = 0; i < 5 && cur && typeof cur === 'object'; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    cur = (cur as { cause?: unknown }).cause;
  }
  return codes;
}

/** Kubernetes failures by what the user can do about them. */
export function kubeFailure(err: unknown): unknown {
  if (err instanceof UserFacingError || isCancelled(err)) return err;
  if (err instanceof KubeconfigError) return new UserFacingError('invalid-input', err.message);
  if (err instanceof ExecApprovalRequiredError) {
    const r = err.request;
    return new UserFacingError(
      'cancelled',
      `Not approved: context "${r.context}" gets its credentials by running ${r.commandLine}. Nothing was run and the cluster was not contacted.`,
    );
  }
  if (err instanceof ExecPluginError) return new UserFacingError('unauthorized', err.message);
  const message = kubeErrorMessage(err);
  if (err instanceof KubeApiError) {
    if (err.status === 401) return new UserFacingError('unauthorized', message);
    if (err.status === 403) return new UserFacingError('forbidden', message);
    if (err.status === 404) return new UserFacingError('not-found', message);
    return new UserFacingError('server-error', message);
  }
  const codes = causeCodes(err);
  if (codes.some((c) => UNKNOWN_AUTHORITY.has(c))) return new UserFacingError('tls-unknown-authority', message);
  if (codes.some((c) => OTHER_TLS.has(c))) return new UserFacingError('tls', message);
  if (err instanceof Error && err.name === 'TimeoutError') return new UserFacingError('timeout', message);
  return new UserFacingError('unreachable', message);
}

/** ssh config and host spec mistakes are the user's input to fix. */
export function sshFailure(err: unknown): unknown {
  if (err instanceof SshConfigError || err instanceof SshTargetError) return new UserFacingError('invalid-input', err.message);
  return err;
}

/** A TypeError from URL normalisation is bad input, with a message that says what is expected. */
export function inputFailure(err: unknown): unknown {
  if (err instanceof TypeError) return new UserFacingError('invalid-input', err.message);
  return err;
}
