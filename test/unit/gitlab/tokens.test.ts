import { describe, expect, it } from 'vitest';
import { classifyToken } from '../../../electron/core/gitlab/tokens';
import { runnerTokensFromConfigToml } from '../../../electron/core/gitlab/config-tokens';

describe('classifyToken', () => {
  it.each([
    ['glpat-S2o7xQm4Vd9LkP3wZr8T', 'personal-access-token', 'no'],
    ['glrt-Hq4Wm9Zt2Xc7Vb1Nk5Ls', 'runner-authentication-token', 'yes'],
    ['glrt-t1_Hq4Wm9Zt2Xc7Vb1Nk5Ls.01.1a2b3c4d5', 'runner-authentication-token', 'yes'],
    ['glrtr-Hq4Wm9Zt2Xc7Vb1Nk5Ls', 'runner-token-from-registration', 'yes'],
    ['GR1348941Lab7Qx2Vw9Zk4Mn8Rt', 'runner-registration-token', 'no'],
    ['glcbt-64_8540930992JobTokenValue', 'ci-job-token', 'no'],
    ['gldt-AbCdEfGhIjKlMnOpQrSt', 'deploy-token', 'no'],
    ['0123456789abcdef0123456789abcd', 'unprefixed-legacy', 'maybe'],
    ['9koXpg98eAheJpvBs5tK', 'unprefixed-legacy', 'maybe'],
    ['not a token at all', 'unknown', 'no'],
    ['__REPLACE_WITH_GLRT_TOKEN__', 'placeholder', 'no'],
    ['${RUNNER_TOKEN}', 'placeholder', 'no'],
    ['glpat-XXXXXXXXXXXXXXXXXXXX', 'placeholder', 'no'],
    ['', 'empty', 'no'],
  ])('%s is %s', (token, kind, runnerUsable) => {
    expect(classifyToken(token)).toMatchObject({ kind, runnerUsable });
  });

  it('finds GitLab prefixes behind an instance prefix', () => {
    expect(classifyToken('corp-glpat-S2o7xQm4Vd9LkP3wZr8T')).toMatchObject({
      kind: 'personal-access-token',
      prefix: 'glpat-',
      customPrefix: 'corp-',
    });
    expect(classifyToken('mycompany-glrt-Hq4Wm9Zt2Xc7Vb1Nk5Ls')).toMatchObject({
      kind: 'runner-authentication-token',
      customPrefix: 'mycompany-',
    });
  });

  it('notices a trailing newline, as from a Secret made with echo', () => {
    expect(classifyToken('glrt-Hq4Wm9Zt2Xc7Vb1Nk5Ls\n')).toMatchObject({
      kind: 'runner-authentication-token',
      surroundingWhitespace: true,
      length: 25,
    });
    expect(classifyToken('glrt-Hq4Wm9Zt2Xc7Vb1Nk5Ls').surroundingWhitespace).toBe(false);
  });

  it('never puts the token into its result', () => {
    const token = 'corp-glpat-S2o7xQm4Vd9LkP3wZr8T';
    expect(JSON.stringify(classifyToken(token))).not.toContain('S2o7xQm4');
  });
});

describe('runnerTokensFromConfigToml', () => {
  const config = [
    'concurrent = 2',
    '',
    '[[runners]]',
    '  name = "a"',
    '  url = "https://gitlab.example.com/"',
    '  token = "glpat-S2o7xQm4Vd9LkP3wZr8T"',
    '',
    '[[runners]]',
    '  name = "b"',
    '  token = "glrt-Hq4Wm9Zt2Xc7Vb1Nk5Ls"',
    '',
  ].join('\n');

  it('finds one token per [[runners]] entry, with its name and url', () => {
    expect(runnerTokensFromConfigToml(config, 'cm.yaml')).toEqual([
      { token: 'glpat-S2o7xQm4Vd9LkP3wZr8T', ref: 'cm.yaml', runnerName: 'a', url: 'https://gitlab.example.com/' },
      { token: 'glrt-Hq4Wm9Zt2Xc7Vb1Nk5Ls', ref: 'cm.yaml', runnerName: 'b' },
    ]);
  });

  it('still finds tokens in a config that does not parse', () => {
    expect(runnerTokensFromConfigToml(`${config}\n[[runners\n  token = 'glrt-Second0000000000000'`, 'x').map((t) => t.token)).toEqual([
      'glpat-S2o7xQm4Vd9LkP3wZr8T',
      'glrt-Hq4Wm9Zt2Xc7Vb1Nk5Ls',
      'glrt-Second0000000000000',
    ]);
  });
});
