import { Redactor } from '../evidence/redact/redactor';
import { redactText } from '../evidence/redact/redact-stream';

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
  role?: string;
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

export class GitlabError extends Error {
  override name = 'GitlabError';
  constructor(
    readonly code: GitlabErrorCode,
    message: string,
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

/** Maps a GitLab error answer to a message that says what to do. */
export function httpError(f: HttpFailure): GitlabError {
  const body = parseErrorBody(f.bodyText);
  const what = `${f.method} ${f.path}`;
  const serverSays = safeServerText(body.description ?? body.message ?? body.error ?? '');
  const details: GitlabErrorDetails = { status: f.status, method: f.method, path: f.path };
  const has = f.tokenScopes ? ` The token has: ${f.tokenScopes.join(', ') || 'no scopes'}.` : '';
  const neededScopes = f.needs?.scopes?.length ? f.needs.scopes.join(' or ') : undefined;

  switch (f.status) {
    case 401: {
      if (!f.hadToken)
        return new GitlabError(
          'unauthorized',
          `GitLab needs a token for ${what} (401 Unauthorized): give a personal access token.`,
          details,
        );
      const why = /expired/i.test(serverSays)
        ? 'has expired'
        : /revoked/i.test(serverSays)
          ? 'has been revoked'
          : 'is wrong, expired or revoked';
      return new GitlabError(
        'unauthorized',
        `GitLab rejected the token (401 Unauthorized on ${what}): it ${why}. Create a new personal access token (scope read_api, or api for fixes) and try again.`,
        details,
      );
    }
    case 403: {
      if (body.error === 'insufficient_scope') {
        const scope = body.scope ? body.scope.split(/\s+/).join(' or ') : (neededScopes ?? 'a broader scope');
        return new GitlabError(
          'insufficient-scope',
          `The token lacks a scope that ${what} needs (403 insufficient_scope): it needs ${scope}.${has} Create a token with that scope.`,
          details,
        );
      }
      const missing = neededScopes && f.tokenScopes && !f.needs?.scopes?.some((s) => f.tokenScopes?.includes(s));
      if (missing)
        return new GitlabError(
          'insufficient-scope',
          `GitLab refused ${what} (403 Forbidden): the token needs the scope ${neededScopes}.${has}`,
          details,
        );
      const role = f.needs?.role ? `this needs ${f.needs.role}` : "the token's user lacks the role this needs";
      return new GitlabError(
        'forbidden',
        `GitLab refused ${what} (403 Forbidden${serverSays && serverSays !== '403 Forbidden' ? `: ${serverSays}` : ''}): ${role}.`,
        details,
      );
    }
    case 404:
      return new GitlabError(
        'not-found',
        `${what}: not found (404). It does not exist, or this token's user may not see it${f.needs?.role ? ` (this needs ${f.needs.role})` : ''}. GitLab answers 404 rather than 403 for things a user may not see.`,
        details,
      );
    case 410:
      return new GitlabError(
        'gone',
        `GitLab answered 410 Gone for ${what}${serverSays ? ` (${serverSays})` : ''}: runner registration tokens are disabled on this instance (the default since GitLab 17.0). Create the runner in GitLab (or with POST /user/runners) and use its glrt- authentication token.`,
        details,
      );
    case 429: {
      const retryAfterSeconds = parseRetryAfter(f.retryAfter);
      return new GitlabError(
        'rate-limited',
        `GitLab rate-limited ${what} (429 Too Many Requests)${retryAfterSeconds !== undefined ? `; it asked to wait ${retryAfterSeconds} s` : ''}. Wait and try again, or ask an administrator about the instance's rate limits.`,
        { ...details, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) },
      );
    }
    default:
      break;
  }
  if (f.status === 502 || f.status === 504) {
    return new GitlabError(
      'server-error',
      `A proxy or load balancer in front of GitLab got no answer from it (${f.status} on ${what}). GitLab may be restarting or overloaded; try again in a minute.`,
      details,
    );
  }
  if (f.status === 503) {
    return new GitlabError(
      'server-error',
      `GitLab is unavailable (503 on ${what}); it may be starting, in maintenance or overloaded. Try again later.`,
      details,
    );
  }
  if (f.status >= 500) {
    return new GitlabError(
      'server-error',
      `GitLab failed with an internal error (${f.status} on ${what}${serverSays ? `: ${serverSays}` : ''}). Its logs (production_json.log) say why.`,
      details,
    );
  }
  return new GitlabError('http', `GitLab answered ${f.status} to ${what}${serverSays ? `: ${serverSays}` : ''}.`, details);
}
