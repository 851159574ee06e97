import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { GITLAB_TOKEN_KINDS } from '../../../shared/gitlab-token-kinds';
import { analyze } from '../../../electron/core/diagnosis/analyze';
import { classifyToken } from '../../../electron/core/diagnosis/tokens';
import { classifyToken as classifyForGitlab } from '../../../electron/core/gitlab/tokens';
import type { EvidenceReader } from '../../../electron/core/evidence/reader';
import { Redactor } from '../../../electron/core/evidence/redact/redactor';
import { redactText } from '../../../electron/core/evidence/redact/redact-stream';

/**
 * What diagnosis reads from a token must not depend on whether the file was redacted: every
 * kind in the shared table, raw and redacted, classifies the same and gives the same findings.
 */
const BODY = 'Zx7Qw2Er5Ty8Ui1Op4As6Df';
const LEGACY = '8c1f4e7a2b5d9c3e6f0a1b2c4d';

function tokensFor(prefix: string): string[] {
  if (!prefix) return [LEGACY];
  return [`${prefix}${BODY}`, `corp-${prefix}${BODY}`, `${prefix}${BODY}.01.abcdef123`];
}

function config(token: string): string {
  return `concurrent = 1\ncheck_interval = 0\n\n[[runners]]\n  name = "build-1"\n  url = "https://gitlab.example.com"\n  token = "${token}"\n  executor = "shell"\n`;
}

function reader(text: string): EvidenceReader {
  return { entries: () => [{ path: 'config.toml', kind: 'config-toml', source: 'files' }], open: () => Readable.from([Buffer.from(text)]) };
}

const findingIds = async (text: string) => (await analyze(reader(text))).findings.map((f) => f.id).sort();

describe('token kinds: a redacted bundle tells the same as the raw file', () => {
  for (const kind of GITLAB_TOKEN_KINDS) {
    for (const token of tokensFor(kind.prefix)) {
      it(`${kind.id}: ${token.replace(BODY, '…')}`, async () => {
        const raw = config(token);
        const redacted = redactText(new Redactor(), raw).text;
        expect(redacted).not.toContain(BODY);
        expect(redacted).not.toContain(LEGACY);
        const placeholder = /token = "([^"]*)"/.exec(redacted)?.[1] ?? '';
        expect(placeholder).toMatch(new RegExp(`\\[REDACTED ${kind.redactionLabel} #1\\]`));
        expect(classifyToken(placeholder)).toBe(classifyToken(token));
        expect(await findingIds(redacted)).toEqual(await findingIds(raw));
        if (kind.prefix) expect(classifyForGitlab(token).kind).toBe(kind.id);
      });
    }
  }

  it('glrtr- and glrt- keep their difference: registration-token-deprecated fires on both forms of glrtr- only', async () => {
    const viaRegistration = config(`glrtr-${BODY}`);
    const plain = config(`glrt-${BODY}`);
    expect(await findingIds(viaRegistration)).toContain('registration-token-deprecated');
    expect(await findingIds(redactText(new Redactor(), viaRegistration).text)).toContain('registration-token-deprecated');
    expect(await findingIds(redactText(new Redactor(), plain).text)).not.toContain('registration-token-deprecated');
  });
});
