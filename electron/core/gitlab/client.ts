import { Agent, fetch, type Dispatcher } from 'undici';
import { withTimeout } from '../util/abort';

export interface GitlabClientOptions {
  /** Instance URL as the user typed it: trailing slash, `/api/v4` and sub-path installs are fine. */
  url: string;
  token?: string;
  /** Extra CA certificates (PEM), on top of the system's. */
  caPem?: string;
  timeoutMs?: number;
}

export class GitlabApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}

export interface GitlabResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

/** `https://host/sub/` and `https://host/sub/api/v4` both become `https://host/sub`. */
export function normalizeInstanceUrl(url: string): string {
  const u = new URL(url.trim());
  u.pathname = u.pathname.replace(/\/+$/, '').replace(/\/api\/v4$/, '');
  u.search = '';
  u.hash = '';
  return u.toString().replace(/\/$/, '');
}

const STATUS_HINTS: Record<number, string> = {
  401: 'the token is wrong, expired or revoked',
  403: 'the token lacks the scope or the role this needs',
  404: 'not found, or not visible to this token',
  410: 'gone: this GitLab disabled what was asked for',
  429: 'rate limited',
};

/** A small GitLab REST client: PRIVATE-TOKEN auth, a timeout and cancel on every call. */
export class GitlabClient {
  readonly baseUrl: string;
  private readonly dispatcher: Dispatcher | undefined;

  constructor(private readonly opts: GitlabClientOptions) {
    this.baseUrl = normalizeInstanceUrl(opts.url);
    this.dispatcher = opts.caPem ? new Agent({ connect: { ca: opts.caPem } }) : undefined;
  }

  async get<T>(path: string, signal?: AbortSignal): Promise<GitlabResponse<T>> {
    const response = await fetch(`${this.baseUrl}/api/v4${path}`, {
      headers: { ...(this.opts.token ? { 'PRIVATE-TOKEN': this.opts.token } : {}), accept: 'application/json' },
      signal: withTimeout(signal, this.opts.timeoutMs ?? 20_000),
      ...(this.dispatcher ? { dispatcher: this.dispatcher } : {}),
    });
    const text = await response.text();
    if (!response.ok) {
      let message = text.slice(0, 200);
      try {
        const parsed = JSON.parse(text) as { message?: unknown; error?: unknown };
        message = String(parsed.message ?? parsed.error ?? message);
      } catch {
        // not JSON; keep the text
      }
      const hint = STATUS_HINTS[response.status];
      throw new GitlabApiError(response.status, `GET ${path}: ${response.status} ${message}${hint ? ` (${hint})` : ''}`, path);
    }
    return { status: response.status, body: JSON.parse(text) as T, headers: response.headers as unknown as Headers };
  }

  /** Every page of a list, following x-next-page (never totals, which GitLab drops past 10,000). */
  async getAll<T>(path: string, signal?: AbortSignal, maxPages = 50): Promise<T[]> {
    const out: T[] = [];
    let page = '1';
    for (let i = 0; i < maxPages && page; i++) {
      const sep = path.includes('?') ? '&' : '?';
      const res = await this.get<T[]>(`${path}${sep}per_page=100&page=${page}`, signal);
      out.push(...res.body);
      page = res.headers.get('x-next-page') ?? '';
    }
    return out;
  }

  async close(): Promise<void> {
    await this.dispatcher?.close();
  }
}
