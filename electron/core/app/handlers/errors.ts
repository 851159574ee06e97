import { GitlabError, type GitlabErrorCode } from '../../gitlab/errors';
import { ExecApprovalRequiredError } from '../../kube/exec-approval';
import { ExecPluginError } from '../../kube/exec-credential';
import { KubeApiError, kubeErrorMessage, kubeErrorText } from '../../kube/kube-errors';
import { KubeconfigError } from '../../kube/kubeconfig';
import { SshConfigError, SshTargetError } from '../../ssh/ssh-config';
import { isCancelled } from '../../util/abort';
import { classifyNetworkError } from '../../util/network-failure';
import { UserFacingError } from '../dispatch';
import { errorText, msg } from '../../../../shared/messages';
import { formatError } from '../../../../shared/i18n/text';

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
    const text = msg('kube.exec.notApproved', { context: err.request.context, command: err.request.commandLine });
    return new UserFacingError('cancelled', formatError(text), text);
  }
  if (err instanceof ExecPluginError) return new UserFacingError('unauthorized', err.message, err.text);
  const failed = (code: FacingCode) => new UserFacingError(code, kubeErrorMessage(err), kubeErrorText(err));
  if (err instanceof KubeApiError) {
    if (err.status === 401) return failed('unauthorized');
    if (err.status === 403) return failed('forbidden');
    if (err.status === 404) return failed('not-found');
    return failed('server-error');
  }
  const { kind } = classifyNetworkError(err);
  if (kind === 'tls-unknown-authority') return failed('tls-unknown-authority');
  if (kind === 'tls' || kind === 'tls-hostname' || kind === 'tls-expired') return failed('tls');
  if (kind === 'response-timeout' || kind === 'connect-timeout') return failed('timeout');
  return failed('unreachable');
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
