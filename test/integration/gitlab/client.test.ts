import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GitlabClient, type GitlabClientOptions } from '../../../electron/core/gitlab/client';
import { GitlabError } from '../../../electron/core/gitlab/errors';
import { resetGitlabFaults } from '../../../electron/core/demo-lab/servers/gitlab-faults';
import { startGitlabLab, TOKENS, type GitlabLab } from '../../helpers/gitlab/gitlab-lab';
import { startConnectProxy } from '../../helpers/gitlab/connect-proxy';

const FAST_RETRY = { baseDelayMs: 20, maxDelayMs: 100 };
const NO_PROXY = { proxy: {} };

let lab: GitlabLab;
const clients: GitlabClient[] = [];

function client(opts: Partial<GitlabClientOptions> = {}): GitlabClient {
  const c = new GitlabClient({ url: lab.url, token: TOKENS.admin, caPem: lab.caPem, retry: FAST_RETRY, ...NO_PROXY, ...opts });
  clients.push(c);
  return c;
}

async function failure(p: Promise<unknown>): Promise<GitlabError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GitlabError);
  const e = err as GitlabError;
  for (const token of Object.values(TOKENS)) expect(e.message).not.toContain(token);
  return e;
}

function requestsTo(path: string): number {
  return lab.server.requests.filter((r) => r.path === path).length;
}

beforeAll(async () => {
  lab = await startGitlabLab();
});
afterEach(async () => {
  resetGitlabFaults(lab.server.faults);
  lab.server.requests.length = 0;
  await Promise.all(clients.splice(0).map((c) => c.close()));
});
afterAll(async () => {
  await lab.close();
});

describe('instance URL and TLS', () => {
  it('accepts the URL with a trailing slash or /api/v4, and a sub-path install', async () => {
    const sub = await startGitlabLab({ pathPrefix: '/gitlab' });
    try {
      for (const url of [`${sub.url}/`, `${sub.url}/api/v4`, `${sub.url}/api/v4/`]) {
        const c = client({ url, caPem: sub.caPem });
        expect(c.baseUrl).toBe(sub.url);
        expect((await c.get<{ version: string }>('/version')).body.version).toBe('18.8.2-ee');
      }
      // Pagination links carry the sub-path too.
      const all = await client({ url: sub.url, caPem: sub.caPem }).getAll('/runners/all', { perPage: 2 });
      expect(all.items.length).toBe(sub.world.runners.length);
      expect(all.pages).toBe(Math.ceil(sub.world.runners.length / 2));
    } finally {
      await sub.close();
    }
  });

  it('names the certificate issuer when the CA is not trusted, and works with the CA bundle', async () => {
    const e = await failure(client({ caPem: undefined }).get('/version'));
    expect(e.code).toBe('tls-unknown-authority');
    expect(e.message).toContain('Runner Doctor demo lab CA');
    expect(e.details.issuer).toContain('CN=Runner Doctor demo lab CA');
    expect((await client().get('/version')).status).toBe(200);
  });

  it('refuses a CA file that is not a PEM certificate, or that holds a private key', () => {
    expect(() => client({ caPem: 'not a certificate' })).toThrow(/no PEM certificate/);
    expect(() => client({ caPem: `${lab.caPem}${lab.tls.keyPem}` })).toThrow(/private key/);
  });

  it('goes through HTTPS_PROXY and skips it for NO_PROXY hosts', async () => {
    const proxy = await startConnectProxy();
    try {
      await client({ proxy: { httpsProxy: proxy.url } }).get('/version');
      expect(proxy.tunnels).toEqual([`127.0.0.1:${lab.server.port}`]);
      await client({ proxy: { httpsProxy: proxy.url, noProxy: 'localhost,127.0.0.1' } }).get('/version');
      expect(proxy.tunnels).toHaveLength(1);
      // Through the proxy, an untrusted certificate is still named.
      const e = await failure(client({ proxy: { httpsProxy: proxy.url }, caPem: undefined }).get('/version'));
      expect(e.message).toContain('Runner Doctor demo lab CA');
    } finally {
      await proxy.close();
    }
  });
});

describe('retries', () => {
  it('retries a read through a 502/503 burst and succeeds', async () => {
    lab.server.faults.errorBurst = { status: 503, count: 2 };
    expect((await client().get('/version')).status).toBe(200);
    expect(requestsTo('/api/v4/version')).toBe(3);
  });

  it('honours Retry-After on 429', async () => {
    lab.server.faults.rateLimit = { count: 1, retryAfterSeconds: 1 };
    const started = Date.now();
    expect((await client().get('/version')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(requestsTo('/api/v4/version')).toBe(2);
  });

  it('backs off without Retry-After, and fails clearly when the wait asked for is too long', async () => {
    lab.server.faults.rateLimit = { count: 2, retryAfterSeconds: null };
    expect((await client().get('/version')).status).toBe(200);
    lab.server.faults.rateLimit = { count: 1, retryAfterSeconds: 3600 };
    const e = await failure(client().get('/version'));
    expect(e.code).toBe('rate-limited');
    expect(e.details.retryAfterSeconds).toBe(3600);
    expect(e.message).toMatch(/wait 3600 s/);
  });

  it('gives up after its attempts with a message about the gateway', async () => {
    lab.server.faults.errorBurst = { status: 502, count: 10 };
    const e = await failure(client().get('/version'));
    expect(e.code).toBe('server-error');
    expect(e.message).toMatch(/proxy or load balancer/);
    expect(requestsTo('/api/v4/version')).toBe(4);
  });

  it('retries a read whose connection was dropped', async () => {
    lab.server.faults.dropConnections = 1;
    expect((await client().get('/version')).status).toBe(200);
    expect(requestsTo('/api/v4/version')).toBe(2);
  });

  it('never retries a token reset: a 503 is reported after one request', async () => {
    lab.server.faults.errorBurst = { status: 503, count: 5 };
    const e = await failure(client().post('/runners/38/reset_authentication_token', { retry: false }));
    expect(e.code).toBe('server-error');
    expect(requestsTo('/api/v4/runners/38/reset_authentication_token')).toBe(1);
  });

  it('says the outcome is unknown when a write loses its connection', async () => {
    lab.server.faults.dropConnections = 1;
    lab.server.faults.match = /reset_authentication_token/;
    const e = await failure(client().post('/runners/38/reset_authentication_token', { retry: false }));
    expect(e.code).toBe('connection-reset');
    expect(e.details.outcomeUnknown).toBe(true);
    expect(e.message).toMatch(/check the result in GitLab/);
    expect(requestsTo('/api/v4/runners/38/reset_authentication_token')).toBe(1);
  });
});

describe('pagination', () => {
  it('follows x-next-page, also past the count limit where totals are dropped', async () => {
    const big = await startGitlabLab({ countLimit: 10 });
    try {
      for (let i = 0; i < 230; i++) big.world.runners.push({ ...big.world.runners[0]!, id: 1000 + i, managers: [] });
      const c = client({ url: big.url, caPem: big.caPem });
      const res = await c.get<unknown[]>('/runners/all', { query: { per_page: 100 } });
      expect(res.headers['x-total']).toBeUndefined();
      expect(res.headers['x-next-page']).toBe('2');
      const all = await c.getAll<{ id: number }>('/runners/all');
      expect(all.items).toHaveLength(big.world.runners.length);
      expect(new Set(all.items.map((r) => r.id)).size).toBe(big.world.runners.length);
      const capped = await c.getAll('/runners/all', { maxPages: 2 });
      expect(capped).toMatchObject({ truncated: true, pages: 2 });
      expect(capped.items).toHaveLength(200);
    } finally {
      await big.close();
    }
  });

  it('follows Link rel="next" for keyset pagination (no x-next-page)', async () => {
    const base = lab.world.jobs[0]!;
    const extra = Array.from({ length: 7 }, (_, i) => ({ ...base, id: 9_000_000 + i, runnerId: 52 }));
    lab.world.jobs.push(...extra);
    try {
      const page = await client().get<unknown[]>('/runners/52/jobs', { query: { pagination: 'keyset', per_page: 3 } });
      expect(page.headers['x-next-page']).toBeUndefined();
      expect(page.headers.link).toMatch(/rel="next"/);
      const all = await client().getAll<{ id: number }>('/runners/52/jobs', { query: { pagination: 'keyset' }, perPage: 3 });
      expect(all.items.map((j) => j.id).sort()).toEqual(extra.map((j) => j.id).sort());
      expect(all.pages).toBe(3);
    } finally {
      lab.world.jobs.splice(lab.world.jobs.length - extra.length);
    }
  });
});

describe('errors a user can act on', () => {
  it('401: wrong, expired and revoked tokens', async () => {
    const wrong = await failure(client({ token: 'glpat-WrongTokenValue00000' }).get('/version'));
    expect(wrong).toMatchObject({ code: 'unauthorized' });
    expect(wrong.message).toMatch(/wrong, expired or revoked/);
    expect((await failure(client({ token: TOKENS.expired }).get('/version'))).message).toMatch(/has expired/);
    expect((await failure(client({ token: TOKENS.revoked }).get('/version'))).message).toMatch(/has been revoked/);
    expect((await failure(client({ token: undefined }).get('/version'))).message).toMatch(/needs a token/);
  });

  it('403: names the missing scope, or the role', async () => {
    const scope = await failure(client({ token: TOKENS.reader }).post('/runners/38/reset_authentication_token', { retry: false }));
    expect(scope.code).toBe('insufficient-scope');
    expect(scope.message).toMatch(/needs api or manage_runner/);
    const role = await failure(
      client({ token: TOKENS.reader }).get('/runners/all', { needs: { scopes: ['read_api'], role: 'an administrator' } }),
    );
    expect(role.code).toBe('forbidden');
    expect(role.message).toMatch(/needs an administrator/);
  });

  it('404 and 410', async () => {
    const missing = await failure(client().get('/runners/424242'));
    expect(missing.code).toBe('not-found');
    expect(missing.message).toMatch(/may not see it/);
    const gone = await failure(client().post('/runners', { auth: false, body: { token: 'GR1348941InstanceRegToken0001' }, retry: false }));
    expect(gone.code).toBe('gone');
    expect(gone.message).toMatch(/registration tokens are disabled/);
    expect(gone.message).not.toContain('GR1348941InstanceRegToken0001');
  });

  it('5xx with a JSON body', async () => {
    lab.server.faults.errorBurst = { status: 500, count: 1 };
    const e = await failure(client().get('/version', { retry: false }));
    expect(e).toMatchObject({ code: 'server-error', status: 500 });
    expect(e.message).toMatch(/internal error/);
  });

  it('DNS failure, connection refused, timeout and cancel', async () => {
    const dns = await failure(client({ url: 'https://gitlab.runner-doctor-test.invalid', timeoutMs: 8000 }).get('/version'));
    expect(dns.code).toBe('dns');
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const refused = await failure(client({ url: `https://127.0.0.1:${port}` }).get('/version'));
    expect(refused.code).toBe('refused');
    lab.server.faults.latencyMs = 1500;
    const slow = await failure(client({ timeoutMs: 300 }).get('/version'));
    expect(slow.code).toBe('timeout');
    expect(slow.message).toMatch(/did not answer/);
    const controller = new AbortController();
    const started = Date.now();
    const pending = client().get('/version', { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toMatchObject({ name: 'CancelledError' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses a token with spaces inside instead of sending it', () => {
    expect(() => client({ token: 'glpat-abc def' })).toThrow(/spaces or control characters/);
  });
});
