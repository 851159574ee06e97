import { describe, expect, it } from 'vitest';
import { classifyNetworkError } from '../../../electron/core/util/network-failure';
import { networkError } from '../../../electron/core/gitlab/network-errors';
import { kubeErrorMessage } from '../../../electron/core/kube/kube-errors';
import { describeConnectError } from '../../../electron/core/ssh/errors';
import { kubeFailure } from '../../../electron/core/app/handlers/errors';
import { UserFacingError } from '../../../electron/core/app/dispatch';

const sys = (code: string, message = `connect ${code} 10.0.0.1:443`) => Object.assign(new Error(message), { code });
/** undici wraps the socket error: `fetch failed` with the system error as its cause. */
const wrapped = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: sys(code) });

describe('one network-failure classifier', () => {
  it('finds the code in the cause chain and says whether the server could have seen the request', () => {
    expect(classifyNetworkError(wrapped('ENOTFOUND'))).toMatchObject({ kind: 'dns', code: 'ENOTFOUND', beforeSend: true });
    expect(classifyNetworkError(wrapped('ECONNRESET'))).toMatchObject({ kind: 'reset', beforeSend: false });
    expect(classifyNetworkError(sys('ERR_SSL_WRONG_VERSION_NUMBER'))).toMatchObject({ kind: 'tls' });
    expect(classifyNetworkError(sys('SELF_SIGNED_CERT_IN_CHAIN'))).toMatchObject({ kind: 'tls-unknown-authority', beforeSend: true });
    expect(classifyNetworkError(Object.assign(new Error('aborted'), { name: 'TimeoutError' }))).toMatchObject({ kind: 'response-timeout' });
    expect(classifyNetworkError(new Error('odd'))).toMatchObject({ kind: 'other' });
  });

  it('every source words the same failure its own way, from the same kind', () => {
    const refused = () => wrapped('ECONNREFUSED');
    expect(networkError(refused(), { method: 'GET', path: '/api/v4/user', host: 'gitlab.example.com:443', write: false, timeoutMs: 10_000 }).code).toBe('refused');
    expect(kubeErrorMessage(refused())).toMatch(/^connection refused/);
    expect(describeConnectError(sys('ECONNREFUSED'), 'runner-1')).toMatchObject({ code: 'connect', message: expect.stringContaining('refused') });
    const facing = kubeFailure(refused()) as UserFacingError;
    expect(facing).toBeInstanceOf(UserFacingError);
    expect(facing.code).toBe('unreachable');
    expect((kubeFailure(sys('CERT_HAS_EXPIRED')) as UserFacingError).code).toBe('tls');
    expect(kubeErrorMessage(sys('CERT_HAS_EXPIRED'))).toMatch(/certificate has expired/);
  });

  it('a write that failed after sending is flagged as of unknown outcome for GitLab', () => {
    const ctx = { method: 'POST', path: '/api/v4/runners/reset_authentication_token', host: 'gitlab.example.com', write: true, timeoutMs: 10_000 };
    expect(networkError(wrapped('ECONNRESET'), ctx).message).toContain('may have reached GitLab');
    expect(networkError(wrapped('ENOTFOUND'), ctx).message).not.toContain('may have reached GitLab');
  });
});
