import { GitlabError, type GitlabErrorCode } from '../../gitlab/errors';
import { ExecApprovalRequiredError } from '../../kube/exec-approval';
import { ExecPluginError } from '../../kube/exec-credential';
import { KubeApiError, kubeErrorMessage } from '../../kube/kube-errors';
import { KubeconfigError } from '../../kube/kubeconfig';
import { SshConfigError, SshTargetError } from '../../ssh/ssh-config';
import { isCancelled } from '../../util/abort';
import { classifyNetworkError } from '../../util/network-failure';
import { UserFacingError } from '../dispatch';
import { errorText } from '../../../../shared/messages';

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
  if (err instanceof GitlabError) return new UserFacingError(GITLAB_CODES[err.code], err.message, err.text);
  return err;
}

/** Kubernetes failures by what the user can do about them. */
export function kubeFailure(err: unknown): unknown {
  if (err instanceof UserFacingError || isCancelled(err)) return err;
  if (err instanceof KubeconfigError) return new UserFacingError('invalid-input', err.message, err.text);
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
  const { kind } = classifyNetworkError(err);
  if (kind === 'tls-unknown-authority') return new UserFacingError('tls-unknown-authority', message);
  if (kind === 'tls' || kind === 'tls-hostname' || kind === 'tls-expired') return new UserFacingError('tls', message);
  if (kind === 'response-timeout' || kind === 'connect-timeout') return new UserFacingError('timeout', message);
  return new UserFacingError('unreachable', message);
}

/** ssh config and host spec mistakes are the user's input to fix. */
export function sshFailure(err: unknown): unknown {
  if (err instanceof SshConfigError || err instanceof SshTargetError) return new UserFacingError('invalid-input', err.message, err.text);
  return err;
}

/** A TypeError from URL normalisation is bad input, with a message that says what is expected. */
export function inputFailure(err: unknown): unknown {
  if (err instanceof TypeError) return new UserFacingError('invalid-input', err.message, errorText(err));
  return err;
}
