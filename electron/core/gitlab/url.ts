import { progressSource, type ProgressSource } from '../../../shared/source-ids';
import { formatError } from '../../../shared/i18n/text';
import { msg, type Message, type TextError } from '../../../shared/messages';

/** A GitLab URL that cannot be used as typed; a TypeError, worded as a message. */
export class GitlabUrlError extends TypeError implements TextError {
  constructor(readonly text: Message) {
    super(formatError(text));
  }
}

/**
 * Instance URLs as users type them: `gitlab.example.com`, `https://host/`, `https://host/api/v4`,
 * or a sub-path install `https://host/gitlab/`. All become `https://host[/sub]`, the base that
 * `/api/v4/…` is appended to.
 */
export function normalizeInstanceUrl(input: string): string {
  const text = input.trim();
  if (!text) throw new GitlabUrlError(msg('gitlab.url.empty'));
  let u: URL;
  try {
    u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    throw new GitlabUrlError(msg('gitlab.url.notUrl', { text: text.slice(0, 200) }));
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') {
    throw new GitlabUrlError(msg('gitlab.url.scheme', { scheme: u.protocol }));
  }
  if (u.username || u.password) {
    throw new GitlabUrlError(msg('gitlab.url.credentials'));
  }
  u.pathname = u.pathname
    .replace(/\/+$/, '')
    .replace(/\/api\/v4$/i, '')
    .replace(/\/+$/, '');
  u.search = '';
  u.hash = '';
  return u.toString().replace(/\/$/, '');
}

/** `https://host/sub` + `/runners/1` → `https://host/sub/api/v4/runners/1?…`. */
export function apiUrl(base: string, path: string, query?: Record<string, string | number | boolean | undefined>): string {
  const u = new URL(`${base}/api/v4${path.startsWith('/') ? path : `/${path}`}`);
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) u.searchParams.set(key, String(value));
  return u.toString();
}

/** The host a source is named after: `gitlab:host[:port]`. */
export function gitlabSource(base: string): ProgressSource {
  return progressSource({ kind: 'gitlab', host: new URL(base).host });
}

/** Source and origin for a URL as typed, without throwing: a bad URL fails later, in the collector, with a clear message. */
export function describeInstance(url: string): { source: ProgressSource; origin: string } {
  try {
    const base = normalizeInstanceUrl(url);
    return { source: gitlabSource(base), origin: new URL(base).origin };
  } catch {
    return { source: progressSource({ kind: 'gitlab', host: url.trim().slice(0, 100) }), origin: url.trim().slice(0, 100) };
  }
}

/** Plain http to this machine (127.0.0.0/8, ::1, localhost): a token sent there stays on it. */
export function isLoopbackHttp(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return url.protocol === 'http:' && (host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host));
}

/** A token about to travel over plain http to another machine, without the user's explicit yes. */
export class PlainHttpTokenError extends Error implements TextError {
  override name = 'PlainHttpTokenError';
  constructor(readonly text: Message) {
    super(formatError(text));
  }
}

/** Where the user says yes to plain http: a flag of the CLI, or a tick box in the app's GitLab panel. */
export type PlainHttpOptIn = 'cli' | 'app';

/**
 * The one rule for a token and plain http, for the CLI and the app alike: https is fine; http
 * to this machine is fine with a warning; http to another machine is refused unless the user
 * insists (`optIn` says where they can). Returns the warning, if any.
 */
export function checkTokenTransport(url: URL, allowInsecure: boolean, optIn: PlainHttpOptIn): Message | undefined {
  if (url.protocol !== 'http:') return undefined;
  if (!isLoopbackHttp(url) && !allowInsecure) {
    throw new PlainHttpTokenError(msg('gitlab.plainHttp.refused', { origin: url.origin, optIn: msg(`gitlab.plainHttp.optIn.${optIn}`) }));
  }
  return msg(isLoopbackHttp(url) ? 'gitlab.plainHttp.sentHere' : 'gitlab.plainHttp.sent', { host: url.host });
}
