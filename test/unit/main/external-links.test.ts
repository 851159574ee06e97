import { describe, expect, it } from 'vitest';
import { isExternalDocLink } from '../../../electron/main/app-url';

describe('links a finding may open in the system browser', () => {
  it('are plain https addresses only', () => {
    expect(isExternalDocLink('https://docs.gitlab.com/runner/')).toBe(true);
    expect(isExternalDocLink('https://gitlab.com/gitlab-org/gitlab/-/issues/380872')).toBe(true);
    expect(isExternalDocLink('http://docs.gitlab.com/')).toBe(false);
    expect(isExternalDocLink('file:///etc/passwd')).toBe(false);
    expect(isExternalDocLink('https://user:pass@example.com/')).toBe(false);
    expect(isExternalDocLink('javascript:alert(1)')).toBe(false);
    expect(isExternalDocLink('not a url')).toBe(false);
  });
});
