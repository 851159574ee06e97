import { Redactor } from '../evidence/redact/redactor';
import { redactText } from '../evidence/redact/redact-stream';
import { WordedError } from '../../../shared/i18n/text';
import { msg, type Message } from '../../../shared/messages';

/** What went wrong, in terms a user can act on; the message says what to do. */
export type GitlabErrorCode =
  | 'invalid-input'
  | 'unauthorized'
  | 'insufficient-scope'
  | 'forbidden'
  | 'not-found'
  | 'gone'
  | 'rate-limited'
  | 'server-error'
  | 'http'
  | 'bad-response'
  | 'redirect'
  | 'dns'
  | 'refused'
  | 'timeout'
  | 'connection-reset'
  | 'network'
  | 'tls-unknown-authority'
  | 'tls-hostname'
  | 'tls-expired'
  | 'tls'
  | 'cancelled';

/** What a call needs, so a 403/404 can say which scope or role is missing. */
export interface Needs {
  scopes?: readonly string[];
  role?: string | Message;
}

export interface GitlabErrorDetails {
  status?: number;
  method?: string;
  path?: string;
  retryAfterSeconds?: number;
  /** A write whose request may have reached GitLab although no answer came back. */
  outcomeUnknown?: boolean;
  /** Issuer of the certificate the server presented, when TLS verification failed. */
  issuer?: string;
}

export class GitlabError extends WordedError {
  override name = 'GitlabError';
  constructor(
    readonly code: GitlabErrorCode,
    message: string | Message,
    readonly details: GitlabErrorDetails = {},
  ) {
    super(message);
  }

  get status(): number | undefined {
    return this.details.status;
  }
}

/** Server text can echo input; never let a token-like string through into a message. */
export function safeServerText(text: string, max = 200): string {
  const oneLine = text.replace(/\s+/g, ' ').trim().slice(0, max);
  return redactText(new Redactor(), oneLine).text;
}

interface ErrorBody {
  message?: string;
  error?: string;
  description?: string;
  scope?: string;
}

function parseErrorBody(text: string): ErrorBody {
  try {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    const message = parsed.message;
    return {
      ...(message !== undefined ? { message: typeof message === 'string' ? message : JSON.stringify(message) } : {}),
      ...(typeof parsed.error === 'string' ? { error: parsed.error } : {}),
      ...(typeof parsed.error_description === 'string' ? { description: parsed.error_description } : {}),
      ...(typeof parsed.scope === 'string' ? { scope: parsed.scope } : {}),
    };
  } catch {
    return /<html/i.test(text) ? {} : { message: text };
  }
}

/** Seconds from a Retry-After header (delta-seconds or an HTTP date). */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

export interface HttpFailure {
  status: number;
  method: string;
  path: string;
  bodyText: string;
  retryAfter?: string | null;
  needs?: Needs;
  /** Scopes the token is known to have (from /personal_access_tokens/self), for a sharper 403. */
  tokenScopes?: readonly string[];
  hadToken: boolean;
}

/** "a or b or c", each `or` in the reader's language. */
function anyOf(items: readonly string[]): string | Message {
  return items.slice(1).reduce<string | Message>((a, b) => msg('gitlab.or', { a, b }), items[0] ?? '');
}

/** Maps a GitLab error answer to a message that says what to do (GitLab's own words quoted as data). */
export function httpError(f: HttpFailure): GitlabError {
  const body = parseErrorBody(f.bodyText);
  const what = `${f.method} ${f.path}`;
  const serverSays = safeServerText(body.description ?? body.message ?? body.error ?? '');
  const details: GitlabErrorDetails = { status: f.status, method: f.method, path: f.path };
  const has = f.tokenScopes ? (f.tokenScopes.length ? msg('gitlab.http.tokenHas', { scopes: f.tokenScopes.join(', ') }) : msg('gitlab.http.tokenHasNone')) : '';
  const neededScopes = f.needs?.scopes?.length ? anyOf(f.needs.scopes) : undefined;
  const said = (form: 'colon' | 'paren') => (serverSays ? msg(`gitlab.http.serverSays.${form}`, { text: serverSays }) : '');
  const status = f.status;

  switch (status) {
    case 401: {
      if (!f.hadToken) return new GitlabError('unauthorized', msg('gitlab.http.needsToken', { what }), details);
      const why = /expired/i.test(serverSays) ? 'expired' : /revoked/i.test(serverSays) ? 'revoked' : 'wrong';
      return new GitlabError('unauthorized', msg('gitlab.http.tokenRejected', { what, why: msg(`gitlab.http.tokenRejected.${why}`) }), details);
    }
    case 403: {
      if (body.error === 'insufficient_scope') {
        const scope = body.scope ? anyOf(body.scope.split(/\s+/)) : (neededScopes ?? msg('gitlab.http.broaderScope'));
        return new GitlabError('insufficient-scope', msg('gitlab.http.insufficientScope', { what, scope, has }), details);
      }
      const missing = neededScopes && f.tokenScopes && !f.needs?.scopes?.some((s) => f.tokenScopes?.includes(s));
      if (missing) return new GitlabError('insufficient-scope', msg('gitlab.http.needsScope', { what, scopes: neededScopes, has }), details);
      const role = f.needs?.role ? msg('gitlab.http.roleNeeded', { role: f.needs.role }) : msg('gitlab.http.roleLacking');
      const server = serverSays && serverSays !== '403 Forbidden' ? said('colon') : '';
      return new GitlabError('forbidden', msg('gitlab.http.forbidden', { what, server, role }), details);
    }
    case 404: {
      const role = f.needs?.role ? msg('gitlab.http.roleNote', { role: f.needs.role }) : '';
      return new GitlabError('not-found', msg('gitlab.http.notFound', { what, role }), details);
    }
    case 410:
      return new GitlabError('gone', msg('gitlab.http.gone', { what, server: said('paren') }), details);
    case 429: {
      const retryAfterSeconds = parseRetryAfter(f.retryAfter);
      const wait = retryAfterSeconds !== undefined ? msg('gitlab.http.retryAfter', { seconds: retryAfterSeconds }) : '';
      return new GitlabError('rate-limited', msg('gitlab.http.rateLimited', { what, wait }), {
        ...details,
        ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
      });
    }
    default:
      break;
  }
  if (status === 502 || status === 504) return new GitlabError('server-error', msg('gitlab.http.proxyNoAnswer', { status, what }), details);
  if (status === 503) return new GitlabError('server-error', msg('gitlab.http.unavailable', { what }), details);
  if (status >= 500) return new GitlabError('server-error', msg('gitlab.http.internal', { status, what, server: said('colon') }), details);
  return new GitlabError('http', msg('gitlab.http.other', { status, what, server: said('colon') }), details);
}
