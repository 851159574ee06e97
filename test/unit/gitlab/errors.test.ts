import { describe, expect, it } from 'vitest';
import { httpError, safeServerText } from '../../../electron/core/gitlab/errors';
import { networkError } from '../../../electron/core/gitlab/network-errors';

const base = { method: 'GET', path: '/runners/all', hadToken: true };
const net = { method: 'GET', path: '/version', host: 'gitlab.example.com:443', write: false, timeoutMs: 20_000 };
const sysErr = (code: string) => Object.assign(new Error(`boom ${code}`), { code });

describe('httpError', () => {
  it('maps GitLab status codes to what to do', () => {
    expect(httpError({ ...base, status: 401, bodyText: '{"message":"401 Unauthorized"}' })).toMatchObject({
      code: 'unauthorized',
      message: expect.stringMatching(/wrong, expired or revoked/),
    });
    expect(
      httpError({ ...base, status: 401, bodyText: '{"error":"invalid_token","error_description":"Token has expired."}' }).message,
    ).toMatch(/has expired/);
    expect(httpError({ ...base, status: 403, bodyText: '{"error":"insufficient_scope","scope":"api read_api"}' })).toMatchObject({
      code: 'insufficient-scope',
      message: expect.stringMatching(/needs api or read_api/),
    });
    expect(
      httpError({ ...base, status: 403, bodyText: '{"message":"403 Forbidden"}', needs: { role: 'an administrator' } }).message,
    ).toMatch(/this needs an administrator/);
    expect(
      httpError({ ...base, status: 403, bodyText: '{"message":"403 Forbidden"}', needs: { scopes: ['api'] }, tokenScopes: ['read_api'] }),
    ).toMatchObject({ code: 'insufficient-scope', message: expect.stringMatching(/needs the scope api\. The token has: read_api/) });
    expect(httpError({ ...base, status: 404, bodyText: '{"message":"404 Runner Not Found"}' }).code).toBe('not-found');
    expect(httpError({ ...base, status: 410, bodyText: '{"message":"410 Gone"}' }).message).toMatch(/glrt- authentication token/);
    expect(httpError({ ...base, status: 429, bodyText: 'Retry later', retryAfter: '30' }).details.retryAfterSeconds).toBe(30);
    expect(httpError({ ...base, status: 504, bodyText: '<html>504</html>' }).message).toMatch(/proxy or load balancer/);
    expect(httpError({ ...base, status: 503, bodyText: '' }).message).toMatch(/unavailable/);
    expect(httpError({ ...base, status: 422, bodyText: '{"message":{"tag_list":["is invalid"]}}' }).message).toMatch(/422.*tag_list/);
  });

  it('never echoes a token the server put in its message', () => {
    const e = httpError({ ...base, status: 500, bodyText: '{"message":"bad token glpat-S2o7xQm4Vd9LkP3wZr8T"}' });
    expect(e.message).not.toContain('S2o7xQm4Vd9LkP3wZr8T');
    expect(safeServerText('x'.repeat(500)).length).toBe(200);
  });
});

describe('networkError', () => {
  it.each([
    ['ENOTFOUND', 'dns', /Cannot resolve gitlab.example.com/],
    ['EAI_AGAIN', 'dns', /temporary failure/],
    ['ECONNREFUSED', 'refused', /Connection refused/],
    ['UND_ERR_CONNECT_TIMEOUT', 'timeout', /HTTPS_PROXY/],
    ['UND_ERR_HEADERS_TIMEOUT', 'timeout', /within 20 s/],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'tls-unknown-authority', /does not trust/],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls-unknown-authority', /CA certificate/],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls-hostname', /not valid for the name gitlab.example.com/],
    ['CERT_HAS_EXPIRED', 'tls-expired', /expired/],
    ['ECONNRESET', 'connection-reset', /closed before GitLab answered/],
    ['EHOSTUNREACH', 'network', /No route/],
  ])('%s → %s', (code, mapped, message) => {
    const e = networkError(sysErr(code), net);
    expect(e.code).toBe(mapped);
    expect(e.message).toMatch(message);
  });

  it('finds the code in a cause chain', () => {
    expect(networkError(new TypeError('fetch failed', { cause: sysErr('ECONNREFUSED') }), net).code).toBe('refused');
  });

  it('marks a write that may have reached GitLab, not one that never left', () => {
    expect(networkError(sysErr('ECONNRESET'), { ...net, write: true }).details.outcomeUnknown).toBe(true);
    expect(networkError(sysErr('ECONNREFUSED'), { ...net, write: true }).details.outcomeUnknown).toBeUndefined();
    expect(networkError(sysErr('ECONNRESET'), net).details.outcomeUnknown).toBeUndefined();
  });
});
