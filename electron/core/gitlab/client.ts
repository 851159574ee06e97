import { createSecureContext } from 'node:tls';
import { request, type Dispatcher } from 'undici';
import type { Readable } from 'node:stream';
import { CancelledError } from '../util/abort';
import { probePresentedCertificate } from './cert-probe';
import { GitlabError, httpError, parseRetryAfter, type Needs } from './errors';
import { networkError } from './network-errors';
import { nextPageUrl } from './pagination';
import { createDispatcher, proxySettingsFromEnv, type ProxySettings } from './proxy';
import { DEFAULT_RETRY, RETRY_STATUSES, retryDelayMs, sleep, type RetryPolicy } from './retry';
import { parseCaBundle, trustedCas } from './tls-trust';
import { apiUrl, normalizeInstanceUrl } from './url';
import { errorText, msg } from '../../../shared/messages';

export { normalizeInstanceUrl } from './url';

export interface GitlabClientOptions {
  /** Instance URL as the user typed it: trailing slash, `/api/v4` and sub-path installs are fine. */
  url: string;
  /** Personal access token, sent as PRIVATE-TOKEN. */
  token?: string;
  /** Extra CA certificates (PEM), trusted on top of the system's. */
  caPem?: string;
  /** Per-call timeout (each attempt). */
  timeoutMs?: number;
  connectTimeoutMs?: number;
  /** Defaults to HTTPS_PROXY / HTTP_PROXY / NO_PROXY from the environment. */
  proxy?: ProxySettings;
  retry?: Partial<RetryPolicy>;
  maxResponseBytes?: number;
}

export interface CallOptions {
  query?: Record<string, string | number | boolean | undefined>;
  /** JSON body (runner tokens travel here, never in the URL). */
  body?: Record<string, unknown>;
  /** Send the client's PAT (default true). Runner endpoints authenticate by body instead. */
  auth?: boolean;
  /** Send this token as PRIVATE-TOKEN instead of the client's (the PAT test of a found token). */
  authToken?: string;
  /** Retry on 429/502/503/504 and dropped connections. Default: only for GET. Never for writes that are not idempotent. */
  retry?: boolean;
  signal?: AbortSignal;
  timeoutMs?: number;
  needs?: Needs;
  /** Statuses returned to the caller instead of thrown (e.g. 403 from /runners/verify). */
  okStatuses?: readonly number[];
  /** Read the body as text, keeping only its last `tailBytes` bytes. */
  textTailBytes?: number;
}

export interface GitlabResponse<T> {
  status: number;
  headers: Record<string, string>;
  body: T;
  /** Set for text tails: the body was longer than asked for. */
  truncated?: boolean;
  bytes?: number;
}

export interface PageResult<T> {
  items: T[];
  /** More pages existed than `maxPages` allowed. */
  truncated: boolean;
  pages: number;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

function headerMap(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

async function readCapped(body: Readable & AsyncIterable<Buffer>, max: number, what: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > max) {
      body.destroy();
      throw new GitlabError('bad-response', msg('gitlab.response.tooLarge', { what, mib: Math.round(max / 1048576) }));
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads a stream keeping only its last `max` bytes: job traces can be huge. */
async function readTail(body: AsyncIterable<Buffer>, max: number): Promise<{ text: string; truncated: boolean; bytes: number }> {
  const chunks: Buffer[] = [];
  let kept = 0;
  let bytes = 0;
  for await (const chunk of body) {
    bytes += chunk.length;
    chunks.push(chunk);
    kept += chunk.length;
    while (chunks.length > 1 && kept - (chunks[0]?.length ?? 0) >= max) kept -= chunks.shift()?.length ?? 0;
  }
  let buf = Buffer.concat(chunks);
  if (buf.length > max) buf = buf.subarray(buf.length - max);
  return { text: buf.toString('utf8').replace(/^[\uFFFD]+/, ''), truncated: bytes > buf.length, bytes };
}

function cleanToken(token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  const trimmed = token.trim();
  if (!trimmed) return undefined;
  if (/[\s\u0000-\u001f\u007f]/.test(trimmed))
    throw new GitlabError('invalid-input', msg('gitlab.token.badCharacters'));
  return trimmed;
}

/**
 * A GitLab REST client: PRIVATE-TOKEN auth, the system's trust plus a user CA, proxies from
 * the environment, a timeout and cancel on every call, retries with backoff for safe reads,
 * and errors a user can act on. It never puts a token in a URL, a log or an error message.
 */
export class GitlabClient {
  readonly baseUrl: string;
  /** Scopes of the client's token once known, for sharper 403 messages. */
  tokenScopes: readonly string[] | undefined;
  private readonly dispatcher: Dispatcher;
  private readonly token: string | undefined;
  private readonly policy: RetryPolicy;
  private readonly proxy: ProxySettings;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;

  constructor(opts: GitlabClientOptions) {
    try {
      this.baseUrl = normalizeInstanceUrl(opts.url);
    } catch (err) {
      throw new GitlabError('invalid-input', errorText(err) ?? (err instanceof Error ? err.message : String(err)));
    }
    this.token = cleanToken(opts.token);
    this.timeoutMs = opts.timeoutMs ?? 20_000;
    this.maxResponseBytes = opts.maxResponseBytes ?? 32 * 1024 * 1024;
    this.policy = { ...DEFAULT_RETRY, ...opts.retry };
    this.proxy = opts.proxy ?? proxySettingsFromEnv();
    const bundle = opts.caPem ? parseCaBundle(opts.caPem) : undefined;
    this.dispatcher = createDispatcher({
      secureContext: createSecureContext({ ca: trustedCas(bundle) }),
      proxy: this.proxy,
      connectTimeoutMs: opts.connectTimeoutMs ?? Math.min(10_000, this.timeoutMs),
    });
  }

  get hasToken(): boolean {
    return this.token !== undefined;
  }

  get host(): string {
    return new URL(this.baseUrl).host;
  }

  get<T>(path: string, opts: CallOptions = {}): Promise<GitlabResponse<T>> {
    return this.request<T>('GET', path, opts);
  }

  post<T>(path: string, opts: CallOptions = {}): Promise<GitlabResponse<T>> {
    return this.request<T>('POST', path, opts);
  }

  request<T>(method: Method, path: string, opts: CallOptions = {}): Promise<GitlabResponse<T>> {
    return this.send<T>(method, apiUrl(this.baseUrl, path, opts.query), path, opts);
  }

  /** Every page of a list, following x-next-page or Link rel="next" (never totals: GitLab drops them past 10,000). */
  async getAll<T>(path: string, opts: CallOptions & { maxPages?: number; perPage?: number } = {}): Promise<PageResult<T>> {
    const { maxPages = 100, perPage = 100, ...call } = opts;
    const items: T[] = [];
    let url: string | undefined = apiUrl(this.baseUrl, path, { ...call.query, per_page: perPage, page: 1 });
    let pages = 0;
    while (url && pages < maxPages) {
      const res: GitlabResponse<T[]> = await this.send<T[]>('GET', url, path, call);
      if (!Array.isArray(res.body)) throw new GitlabError('bad-response', msg('gitlab.response.notList', { what: `GET ${path}` }));
      items.push(...res.body);
      pages++;
      url = nextPageUrl(url, res.headers, this.baseUrl);
    }
    return { items, truncated: url !== undefined, pages };
  }

  async close(): Promise<void> {
    await this.dispatcher.close().catch(() => undefined);
  }

  private async send<T>(method: Method, url: string, path: string, opts: CallOptions): Promise<GitlabResponse<T>> {
    const retryable = opts.retry ?? method === 'GET';
    const timeoutMs = opts.timeoutMs ?? this.timeoutMs;
    const sentToken = opts.authToken !== undefined ? cleanToken(opts.authToken) : opts.auth !== false ? this.token : undefined;
    const useToken = sentToken !== undefined;
    const headers: Record<string, string> = {
      accept: opts.textTailBytes ? 'text/plain, */*' : 'application/json',
      'user-agent': 'runner-doctor',
      ...(sentToken !== undefined ? { 'private-token': sentToken } : {}),
      ...(opts.body ? { 'content-type': 'application/json' } : {}),
    };
    const payload = opts.body ? JSON.stringify(opts.body) : undefined;
    const what = `${method} ${path}`;
    for (let attempt = 0; ; attempt++) {
      if (opts.signal?.aborted) throw new CancelledError();
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
      const last = !retryable || attempt >= this.policy.attempts - 1;
      let status: number;
      let resHeaders: Record<string, string>;
      let text: string | undefined;
      let tail: { text: string; truncated: boolean; bytes: number } | undefined;
      try {
        const res = await request(url, {
          method,
          headers,
          ...(payload ? { body: payload } : {}),
          dispatcher: this.dispatcher,
          signal,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        });
        status = res.statusCode;
        resHeaders = headerMap(res.headers);
        const body = res.body as unknown as Readable & AsyncIterable<Buffer>;
        if (status < 300 && opts.textTailBytes) tail = await readTail(body, opts.textTailBytes);
        else text = await readCapped(body, status >= 300 ? 64 * 1024 : this.maxResponseBytes, what);
      } catch (err) {
        if (opts.signal?.aborted) throw new CancelledError();
        if (err instanceof GitlabError) throw err;
        const mapped = networkError(timeout.aborted ? Object.assign(new Error('timeout'), { name: 'TimeoutError' }) : err, {
          method,
          path,
          host: this.host,
          write: !retryable,
          timeoutMs,
        });
        if (mapped.code === 'connection-reset' && !last) {
          await sleep(retryDelayMs(attempt, this.policy) ?? 0, opts.signal);
          continue;
        }
        throw mapped.code === 'tls-unknown-authority' ? await this.withIssuer(mapped, opts.signal) : mapped;
      }
      if (status >= 300 && status < 400) {
        const location = resHeaders.location ? new URL(resHeaders.location, url) : undefined;
        const where = location ? `${location.origin}${location.pathname}` : msg('gitlab.response.anotherAddress');
        throw new GitlabError(
          'redirect',
          msg('gitlab.response.redirect', { what, where }),
          { status, method, path },
        );
      }
      if (status >= 400 && !opts.okStatuses?.includes(status)) {
        if (!last && RETRY_STATUSES.has(status)) {
          const delay = retryDelayMs(attempt, this.policy, parseRetryAfter(resHeaders['retry-after']));
          if (delay !== undefined) {
            await sleep(delay, opts.signal);
            continue;
          }
        }
        throw httpError({
          status,
          method,
          path,
          bodyText: text ?? '',
          retryAfter: resHeaders['retry-after'],
          ...(opts.needs ? { needs: opts.needs } : {}),
          ...(this.tokenScopes && opts.authToken === undefined ? { tokenScopes: this.tokenScopes } : {}),
          hadToken: useToken,
        });
      }
      if (tail) return { status, headers: resHeaders, body: tail.text as T, truncated: tail.truncated, bytes: tail.bytes };
      return { status, headers: resHeaders, body: this.parse<T>(text ?? '', resHeaders, what) };
    }
  }

  private parse<T>(text: string, headers: Record<string, string>, what: string): T {
    if (!text.trim()) return null as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      const type = headers['content-type'] ?? '';
      if (/json/i.test(type)) throw new GitlabError('bad-response', msg('gitlab.response.notJson', { what }));
      // Text answers (e.g. runner endpoints answering "200") are returned as they are.
      if (!/html/i.test(type) && !/^\s*</.test(text)) return text as T;
      throw new GitlabError(
        'bad-response',
        msg('gitlab.response.webPage', { what }),
      );
    }
  }

  private async withIssuer(err: GitlabError, signal?: AbortSignal): Promise<GitlabError> {
    const cert = await probePresentedCertificate(this.baseUrl, this.proxy, 5_000, signal);
    if (!cert) return err;
    const authority = cert.selfSigned
      ? msg('gitlab.net.selfSigned', { subject: cert.subject })
      : msg('gitlab.net.issuedBy', { issuer: cert.rootIssuer || cert.issuer });
    return new GitlabError(
      'tls-unknown-authority',
      msg('gitlab.net.untrustedIssuer', { host: this.host, authority }),
      { ...err.details, issuer: cert.rootIssuer || cert.issuer },
    );
  }
}
