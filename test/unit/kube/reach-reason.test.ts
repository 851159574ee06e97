import { describe, expect, it } from 'vitest';
import { ExecPluginError } from '../../../electron/core/kube/exec-credential';
import { KubeApiError } from '../../../electron/core/kube/kube-errors';
import { KubeconfigError } from '../../../electron/core/kube/kubeconfig';
import { reachReason } from '../../../electron/core/kube/reachability';
import { msg } from '../../../shared/messages';

const sys = (code: string) => Object.assign(new Error(`connect ${code}`), { code });

describe('reachReason: why a context did not answer, by what the user checks', () => {
  it.each([
    [new KubeApiError(401, 'Unauthorized', 'HTTP 401', '/version'), 'unauthorized'],
    [new KubeApiError(403, 'Forbidden', 'HTTP 403', '/version'), 'forbidden'],
    [new KubeApiError(503, 'ServiceUnavailable', 'HTTP 503', '/version'), 'server-error'],
    [new KubeApiError(404, 'NotFound', 'HTTP 404', '/version'), 'other'],
    [new KubeconfigError(msg('kubeconfig.noCluster', { context: 'x', cluster: 'y', where: 'config' })), 'kubeconfig'],
    [new ExecPluginError('"aws" failed with exit code 255'), 'exec-failed'],
    [new TypeError('Invalid URL'), 'other'],
    [Object.assign(new TypeError('Invalid URL'), { code: 'ERR_INVALID_URL' }), 'kubeconfig'],
    [new Error('fetch failed', { cause: sys('ENOTFOUND') }), 'dns'],
    [new Error('fetch failed', { cause: sys('EAI_AGAIN') }), 'dns'],
    [sys('EHOSTUNREACH'), 'network'],
    [sys('ECONNREFUSED'), 'refused'],
    [sys('ECONNRESET'), 'refused'],
    [sys('UND_ERR_CONNECT_TIMEOUT'), 'timeout'],
    [Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' }), 'timeout'],
    [sys('SELF_SIGNED_CERT_IN_CHAIN'), 'tls'],
    [sys('CERT_HAS_EXPIRED'), 'tls'],
    [sys('ERR_TLS_CERT_ALTNAME_INVALID'), 'tls'],
    [new Error('something else'), 'other'],
  ])('%s → %s', (err, reason) => {
    expect(reachReason(err)).toBe(reason);
  });
});
