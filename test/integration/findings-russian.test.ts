import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../electron/core/diagnosis/analyze';
import { folderReader } from '../../electron/core/evidence/folder-reader';
import { formatMessage, localizeFinding } from '../../shared/i18n/text';
import type { Finding } from '../../shared/findings';
import { englishLeft } from '../helpers/english-prose';
import { messagesOf } from '../helpers/finding-messages';

const CASES = resolve(__dirname, '../fixtures/cases');

/** Findings checked here: each is rendered in Russian from every corpus case that expects it. */
const CHECKED = [
  'cache-upload-failed',
  'config-dir-read-only',
  'config-invalid',
  'gitlab-unreachable',
  'helper-image-permission-container',
  'job-stuck-running',
  'job-token-expired',
  'long-polling-bottleneck',
  'orphaned-job-secrets',
  'rotated-token-lost',
  'runner-offline',
  'runner-token-invalid',
  'runner-token-is-pat',
  'token-trailing-newline',
  'unexplained-errors',
];

const cases = readdirSync(CASES)
  .sort()
  .map((name) => ({ name, expect: (JSON.parse(readFileSync(join(CASES, name, 'case.json'), 'utf8')) as { expect: string[] }).expect }));

describe.each(CHECKED)('%s in Russian', (id) => {
  const positives = cases.filter((c) => c.expect.includes(id));

  it('renders every message of its corpus findings in Russian, with no English prose left', async () => {
    expect(positives.length, `corpus cases expecting ${id}`).toBeGreaterThan(0);
    let seen = 0;
    for (const c of positives) {
      const analysis = await analyze(await folderReader([join(CASES, c.name, 'evidence')]));
      for (const f of analysis.findings.filter((x) => x.id === id)) {
        seen++;
        expect(f.messages, `${c.name}: ${id} carries message ids`).toBeDefined();
        for (const x of f.fixes) expect(x.messages, `${c.name}: fix ${x.id} carries message ids`).toBeDefined();
        // Each message on its own: a sentence left in English shows up even among Russian ones.
        for (const m of messagesOf(f)) expect(englishLeft(m, formatMessage), c.name).toBeUndefined();
        const ru: Finding = localizeFinding(f, 'ru');
        for (const text of [ru.title, ru.summary, ru.label ?? '', ...(ru.ruledOut ?? []), ...(ru.versions ? [ru.versions] : []), ...ru.fixes.flatMap((x) => [x.title, x.manual ?? ''])])
          expect(text, `${c.name}: ${text}`).toMatch(/\p{Script=Cyrillic}/u);
      }
    }
    expect(seen, `${id} findings in its corpus cases`).toBeGreaterThan(0);
  });
});
