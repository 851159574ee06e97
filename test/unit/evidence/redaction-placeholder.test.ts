import { describe, expect, it } from 'vitest';
import { GITLAB_TOKEN_KINDS } from '../../../shared/gitlab-token-kinds';
import { readPlaceholder, redactionPlaceholder } from '../../../shared/redaction-placeholder';
import { Redactor } from '../../../electron/core/evidence/redact/redactor';
import { redactText } from '../../../electron/core/evidence/redact/redact-stream';

describe('redaction placeholders, written and read in one place', () => {
  it('every GitLab token kind reads back from its placeholder as a typed kind', () => {
    for (const kind of GITLAB_TOKEN_KINDS) {
      expect(readPlaceholder(`token = "${redactionPlaceholder(kind.redactionLabel, 3)}"`)).toEqual({ label: kind.redactionLabel, n: 3, gitlabKind: kind.id });
    }
    expect(readPlaceholder(redactionPlaceholder('uri-password', 1))).toEqual({ label: 'uri-password', n: 1 });
    expect(readPlaceholder('token = "glrt-abc"')).toBeUndefined();
  });

  it('the redactor writes what the reader reads', () => {
    const { text } = redactText(new Redactor(), 'token = "glpat-Zx7Qw2Er5Ty8Ui1Op4As6Df"\n');
    expect(readPlaceholder(text)?.gitlabKind).toBe('personal-access-token');
  });
});
