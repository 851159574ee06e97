import { describe, expect, it } from 'vitest';
import { classifyToken } from '../../../electron/core/diagnosis/tokens';
import { inRange, parseVersion } from '../../../electron/core/diagnosis/versions';
import { parseQuantity, fullQuotaResources } from '../../../electron/core/diagnosis/derive/kube-capacity';

describe('token kinds', () => {
  it.each([
    ['glrt-t1_Zz9Yy8Xx7Ww6Vv5Uu4Tt', 'runner-auth'],
    ['glrtr-abc', 'runner-auth-registered'],
    ['glpat-Xq3v9LmN2bR7tKp1WzYe', 'personal'],
    ['corp-glpat-Xq3v9LmN2bR7tKp1WzYe', 'personal'],
    ['GR1348941dVqWtxXKoEN8fnr_QuC8', 'registration'],
    ['[REDACTED gitlab-personal-token #1]', 'personal'],
    ['corp-[REDACTED gitlab-runner-token #2]', 'runner-auth'],
    ['[REDACTED runner-token #1]', 'redacted'],
    ['__REPLACE_WITH_GLRT_TOKEN__', 'template'],
    ['${RUNNER_TOKEN}', 'template'],
    ['1a2b3c4d5e6f7a8b9c0d', 'legacy-runner'],
    ['', 'empty'],
  ])('%s → %s', (value, kind) => expect(classifyToken(value)).toBe(kind));

  it("reads a placeholder's kind from the file's record; the label only where no record describes it (older bundles)", () => {
    const recorded = [{ placeholder: '[REDACTED gitlab-runner-token #1]', kind: 'runner-token-from-registration' as const, lines: [4] }];
    expect(classifyToken('[REDACTED gitlab-runner-token #1]', recorded)).toBe('runner-auth-registered');
    expect(classifyToken('corp-[REDACTED gitlab-runner-token #1]', recorded)).toBe('runner-auth-registered');
    expect(classifyToken('[REDACTED gitlab-runner-token #1]')).toBe('runner-auth');
    expect(classifyToken('[REDACTED gitlab-personal-token #2]', recorded)).toBe('personal');
    expect(classifyToken('glpat-Xq3v9LmN2bR7tKp1WzYe', recorded)).toBe('personal');
  });
});

describe('versions and quantities', () => {
  it('compares versions with open ranges', () => {
    expect(parseVersion('v17.6.0')).toEqual([17, 6, 0]);
    expect(inRange('16.6.1', '16.6.0', '16.6.1')).toBe(true);
    expect(inRange('16.5.0', '16.6.0', '16.6.1')).toBe(false);
    expect(inRange('18.8.2-ee', undefined, '18.8.99')).toBe(true);
    expect(inRange('18.9.0', undefined, '18.8.99')).toBe(false);
  });

  it('compares quota quantities across units', () => {
    expect(parseQuantity('1536Mi')).toBe(1536 * 2 ** 20);
    expect(parseQuantity('500m')).toBe(0.5);
    const quota = { object: { status: { hard: { 'requests.memory': '56Gi', 'count/secrets': '100' }, used: { 'requests.memory': '58000Mi', 'count/secrets': '99' } } } };
    expect(fullQuotaResources(quota as never)).toEqual([{ resource: 'requests.memory', used: '58000Mi', hard: '56Gi' }]);
  });
});
