import { classifyNetworkError, type NetworkFailure } from '../util/network-failure';
import { formatError } from '../../../shared/i18n/text';
import { errorText, msg, type Message, type MessageParam } from '../../../shared/messages';

/** A Kubernetes API answer other than 2xx, with the Status body's reason and message. */
export class KubeApiError extends Error {
  override name = 'KubeApiError';
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    readonly path: string,
    /** The message as an id and parameters (the server's own words stay data in it). */
    readonly text?: Message,
  ) {
    super(message);
  }
}

/** Builds a KubeApiError from a response body (a Status object, or whatever a proxy sent). */
export function apiErrorFrom(status: number, text: string, path: string): KubeApiError {
  let reason = '';
  let message = text.trim().slice(0, 300);
  try {
    const body = JSON.parse(text) as { kind?: string; reason?: string; message?: string };
    if (body.kind === 'Status' || body.message) {
      reason = body.reason ?? '';
      message = body.message ?? message;
    }
  } catch {
    // Not JSON: a load balancer or proxy page; keep the start of the text.
  }
  const said = msg('kube.http', { status, body: message ? `: ${message}` : '', hint: status === 401 ? msg('kube.http.401') : '' });
  return new KubeApiError(status, reason, formatError(said), path, said);
}

/** The Kubernetes side's words for a connection-level failure (the kind comes from the shared classifier), as a message id. */
function networkPhrase(f: NetworkFailure): string | undefined {
  switch (f.kind) {
    case 'dns':
      return 'dns';
    case 'dns-temporary':
      return 'dnsTemporary';
    case 'refused':
      return 'refused';
    case 'unreachable':
      return 'unreachable';
    case 'connect-timeout':
      return 'connectTimeout';
    case 'response-timeout':
      return f.code === 'UND_ERR_BODY_TIMEOUT' ? 'stoppedSending' : f.code ? 'noAnswer' : undefined;
    case 'reset':
      return f.code === 'UND_ERR_SOCKET' || f.code === 'UND_ERR_CLOSED' ? 'closedByServer' : 'reset';
    case 'tls-expired':
      return 'certExpired';
    case 'tls-unknown-authority':
      return f.code === 'DEPTH_ZERO_SELF_SIGNED_CERT' ? 'selfSigned' : 'unknownAuthority';
    case 'tls-hostname':
      return 'certHostname';
    default:
      return undefined;
  }
}

/** A Kubernetes API failure a user can act on, as a message: the server's or the system's own words stay data in it. */
export function kubeErrorText(err: unknown): Message {
  if (err instanceof KubeApiError) return err.text ?? msg('quoted', { text: err.message });
  if (err instanceof Error) {
    if (err.name === 'TimeoutError') return msg('kube.net.timedOut');
    const failure = classifyNetworkError(err);
    const known = networkPhrase(failure);
    if (known) {
      const phrase = msg(`kube.net.${known}`);
      const english = formatError(phrase);
      return failure.message && !failure.message.startsWith(english) ? msg('kube.net.withDetail', { phrase, detail: failure.message }) : phrase;
    }
    const cause = (err as Error & { cause?: { message?: string } }).cause;
    return errorText(err) ?? msg('quoted', { text: cause?.message && cause.message !== err.message ? `${err.message}: ${cause.message}` : err.message });
  }
  return msg('quoted', { text: String(err) });
}

/** One-line message for a Kubernetes API failure a user can act on (English). */
export function kubeErrorMessage(err: unknown): string {
  if (err instanceof KubeApiError) return err.message;
  const text = kubeErrorText(err);
  // Another error that says itself in words keeps its own English (a library's sentence may be in it).
  return err instanceof Error && text === errorText(err) ? err.message : formatError(text);
}

/**
 * A message that quotes a Kubernetes failure as its `reason`: the id for every language, and
 * the English with the reason in kubeErrorMessage's words (a library's own sentence kept).
 */
export function kubeReasonMessage(key: string, params: Record<string, MessageParam>, err: unknown): { text: Message; english: string } {
  const text = msg(key, { ...params, reason: kubeErrorText(err) });
  return { text, english: formatError(msg(key, { ...params, reason: kubeErrorMessage(err) })) };
}

export function isForbidden(err: unknown): boolean {
  return err instanceof KubeApiError && err.status === 403;
}
