import type { ServerResponse } from 'node:http';

/**
 * Fault switches of the local GitLab API, for tests and demos. Set them on the object the
 * server returns (`server.faults`); counters count down as requests consume them.
 */
export interface GitlabFaults {
  /** Delay before every answer, in ms. */
  latencyMs: number;
  /** The next N requests: the connection is closed without an answer. */
  dropConnections: number;
  /** The next `count` requests answer `status` (a gateway or GitLab briefly down). */
  errorBurst: { status: 500 | 502 | 503 | 504; count: number } | null;
  /** The next `count` requests answer 429; `retryAfterSeconds: null` leaves Retry-After out, as proxies often do. */
  rateLimit: { count: number; retryAfterSeconds: number | null } | null;
  /** Fault only requests whose path (below any sub-path) matches; all requests when unset. */
  match: RegExp | null;
}

export function createGitlabFaults(): GitlabFaults {
  return { latencyMs: 0, dropConnections: 0, errorBurst: null, rateLimit: null, match: null };
}

export function resetGitlabFaults(f: GitlabFaults): void {
  Object.assign(f, createGitlabFaults());
}

export type FaultOutcome = 'drop' | 'answered' | 'none';

const GATEWAY_PAGE = (status: number, text: string) =>
  `<html>\r\n<head><title>${status} ${text}</title></head>\r\n<body>\r\n<center><h1>${status} ${text}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;

/** Applies the next due fault to a request; `answered` means the response was sent. */
export function applyFault(f: GitlabFaults, path: string, res: ServerResponse): FaultOutcome {
  if (f.match && !f.match.test(path)) return 'none';
  if (f.dropConnections > 0) {
    f.dropConnections--;
    res.socket?.destroy();
    return 'drop';
  }
  if (f.rateLimit && f.rateLimit.count > 0) {
    f.rateLimit.count--;
    const reset = Math.ceil(Date.now() / 1000) + (f.rateLimit.retryAfterSeconds ?? 60);
    const headers: Record<string, string> = {
      'content-type': 'text/plain',
      'ratelimit-name': 'throttle_authenticated_api',
      'ratelimit-limit': '2000',
      'ratelimit-observed': '2001',
      'ratelimit-remaining': '0',
      'ratelimit-reset': String(reset),
      'ratelimit-resettime': new Date(reset * 1000).toUTCString(),
      ...(f.rateLimit.retryAfterSeconds !== null ? { 'retry-after': String(f.rateLimit.retryAfterSeconds) } : {}),
    };
    res.writeHead(429, headers).end('Retry later\n');
    return 'answered';
  }
  if (f.errorBurst && f.errorBurst.count > 0) {
    f.errorBurst.count--;
    const { status } = f.errorBurst;
    if (status === 500)
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ message: '500 Internal Server Error' }));
    else if (status === 503) res.writeHead(503, { 'content-type': 'text/plain' }).end('GitLab is currently unavailable\n');
    else
      res.writeHead(status, { 'content-type': 'text/html' }).end(GATEWAY_PAGE(status, status === 502 ? 'Bad Gateway' : 'Gateway Time-out'));
    return 'answered';
  }
  return 'none';
}
