import { describe, expect, it } from 'vitest';
import { apiUrl, normalizeInstanceUrl } from '../../../electron/core/gitlab/url';
import { linkRel, nextPageUrl } from '../../../electron/core/gitlab/pagination';
import { bypassesProxy, proxyFor, proxySettingsFromEnv } from '../../../electron/core/gitlab/proxy';
import { retryDelayMs, DEFAULT_RETRY } from '../../../electron/core/gitlab/retry';
import { parseRetryAfter } from '../../../electron/core/gitlab/errors';
import { tokenExpiry } from '../../../electron/core/gitlab/whoami';

describe('normalizeInstanceUrl', () => {
  it.each([
    ['https://gitlab.example.com', 'https://gitlab.example.com'],
    ['https://gitlab.example.com/', 'https://gitlab.example.com'],
    ['https://gitlab.example.com/api/v4', 'https://gitlab.example.com'],
    ['https://gitlab.example.com/api/v4/', 'https://gitlab.example.com'],
    ['  https://host:8443/gitlab/  ', 'https://host:8443/gitlab'],
    ['https://host/gitlab/api/v4?x=1#y', 'https://host/gitlab'],
    ['gitlab.example.com', 'https://gitlab.example.com'],
  ])('%s → %s', (input, out) => {
    expect(normalizeInstanceUrl(input)).toBe(out);
  });

  it('refuses what cannot be a GitLab URL', () => {
    expect(() => normalizeInstanceUrl('')).toThrow(/empty/);
    expect(() => normalizeInstanceUrl('ftp://host')).toThrow(/https/);
    expect(() => normalizeInstanceUrl('https://user:pass@host')).toThrow(/no user name or password/);
    expect(() => normalizeInstanceUrl('https://exa mple.com')).toThrow(/not a URL/);
  });

  it('builds API URLs below a sub-path', () => {
    expect(apiUrl('https://h/gitlab', '/runners/all', { per_page: 100, status: undefined })).toBe(
      'https://h/gitlab/api/v4/runners/all?per_page=100',
    );
  });
});

describe('pagination', () => {
  const base = 'https://h/gitlab';
  const current = 'https://h/gitlab/api/v4/runners/all?per_page=100&page=1';

  it('prefers x-next-page, and stops on an empty one', () => {
    expect(nextPageUrl(current, { 'x-next-page': '2' }, base)).toBe('https://h/gitlab/api/v4/runners/all?per_page=100&page=2');
    expect(nextPageUrl(current, { 'x-next-page': '', link: `<${base}/api/v4/runners/all?page=2>; rel="next"` }, base)).toBeUndefined();
  });

  it('follows Link rel="next" only on the same instance', () => {
    const next = `${base}/api/v4/runners/1/jobs?cursor=abc&per_page=3`;
    expect(nextPageUrl(current, { link: `<${base}/api/v4/x?page=1>; rel="first", <${next}>; rel="next"` }, base)).toBe(next);
    expect(nextPageUrl(current, { link: '<https://evil.example/api/v4/x>; rel="next"' }, base)).toBeUndefined();
    expect(nextPageUrl(current, { link: '<https://h/other/api/v4/x>; rel="next"' }, base)).toBeUndefined();
  });

  it('parses Link relations', () => {
    expect(linkRel('<a>; rel="prev", <b>; rel="next"', 'next')).toBe('b');
    expect(linkRel('<a>; rel="prev next"', 'next')).toBe('a');
    expect(linkRel('<a>; rel="nextish"', 'next')).toBeUndefined();
  });
});

describe('proxy settings', () => {
  it('reads lower case first, like curl', () => {
    expect(proxySettingsFromEnv({ https_proxy: 'http://a:3128', HTTPS_PROXY: 'http://b:3128', NO_PROXY: '.corp' })).toEqual({
      httpsProxy: 'http://a:3128',
      noProxy: '.corp',
    });
  });

  it('applies NO_PROXY entries', () => {
    expect(bypassesProxy('gitlab.corp.example', 443, '.corp.example')).toBe(true);
    expect(bypassesProxy('corp.example', 443, '.corp.example')).toBe(true);
    expect(bypassesProxy('gitlab.corp.example', 443, 'corp.example')).toBe(true);
    expect(bypassesProxy('notcorp.example', 443, 'corp.example')).toBe(false);
    expect(bypassesProxy('gitlab.corp.example', 443, '*.corp.example')).toBe(true);
    expect(bypassesProxy('127.0.0.1', 8443, 'localhost, 127.0.0.1:9000')).toBe(false);
    expect(bypassesProxy('127.0.0.1', 9000, 'localhost, 127.0.0.1:9000')).toBe(true);
    expect(bypassesProxy('anything', 443, '*')).toBe(true);
    expect(proxyFor(new URL('https://gitlab.example.com'), { httpsProxy: 'http://p:3128', noProxy: 'other' })).toBe('http://p:3128');
    expect(proxyFor(new URL('https://gitlab.example.com'), { httpProxy: 'http://p:8080' })).toBe('http://p:8080');
  });
});

describe('retry timing', () => {
  it('uses full jitter below an exponential ceiling', () => {
    expect(retryDelayMs(0, DEFAULT_RETRY, undefined, () => 0.999)).toBeLessThan(500);
    expect(retryDelayMs(3, DEFAULT_RETRY, undefined, () => 0.999)).toBeLessThan(4000);
    expect(retryDelayMs(3, DEFAULT_RETRY, undefined, () => 0.999)).toBeGreaterThan(3900);
    expect(retryDelayMs(10, DEFAULT_RETRY, undefined, () => 0.999)).toBeLessThan(8000);
    expect(retryDelayMs(2, DEFAULT_RETRY, undefined, () => 0)).toBe(0);
  });

  it('honours Retry-After, but not beyond the limit', () => {
    expect(retryDelayMs(0, DEFAULT_RETRY, 2, () => 0)).toBe(2000);
    expect(retryDelayMs(0, DEFAULT_RETRY, 61, () => 0)).toBeUndefined();
    expect(parseRetryAfter('7')).toBe(7);
    expect(parseRetryAfter(new Date(Date.now() + 30_000).toUTCString())).toBeGreaterThanOrEqual(29);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe('tokenExpiry', () => {
  const now = new Date('2026-03-10T12:00:00Z');
  it('warns inside two weeks and after expiry, not before', () => {
    expect(tokenExpiry(null, now)).toMatchObject({ daysLeft: null, expiringSoon: false });
    expect(tokenExpiry('2026-06-01', now)).toMatchObject({ expiringSoon: false, expired: false });
    expect(tokenExpiry('2026-03-15', now)).toMatchObject({ daysLeft: 4, expiringSoon: true, warning: expect.stringMatching(/in 4 days/) });
    expect(tokenExpiry('2026-03-11', now).warning).toMatch(/less than a day/);
    expect(tokenExpiry('2026-03-10', now)).toMatchObject({ expired: true, warning: expect.stringMatching(/expired on 2026-03-10/) });
  });
});
