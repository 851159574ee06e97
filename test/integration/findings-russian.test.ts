import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../electron/core/diagnosis/analyze';
import { FINDING_IDS } from '../../electron/core/diagnosis/analyzers';
import { folderReader } from '../../electron/core/evidence/folder-reader';
import { formatMessage, localizeFinding } from '../../shared/i18n/text';
import { englishLeft } from '../helpers/english-prose';
import { messagesOf } from '../helpers/finding-messages';

const CASES = resolve(__dirname, '../fixtures/cases');
const cases = readdirSync(CASES).sort();
/** Finding ids read in Russian by the cases so far. */
const seen = new Set<string>();

describe.each(cases)('%s in Russian', (name) => {
  it('renders every message of every finding in Russian, with no English prose left', async () => {
    const analysis = await analyze(await folderReader([join(CASES, name, 'evidence')]));
    for (const f of analysis.findings) {
      seen.add(f.id);
      expect(f.messages, `${f.id} carries message ids`).toBeDefined();
      for (const x of f.fixes) expect(x.messages, `${f.id}: fix ${x.id} carries message ids`).toBeDefined();
    }
    // Each message on its own: a sentence left in English shows up even among Russian ones.
    const left = analysis.findings.flatMap((f) => messagesOf(f).map((m) => englishLeft(m, formatMessage)).filter((x) => x !== undefined).map((x) => `${f.id}: ${x}`));
    expect(left).toEqual([]);
    for (const ru of analysis.findings.map((f) => localizeFinding(f, 'ru')))
      for (const text of [ru.title, ru.summary, ru.label ?? '', ...(ru.ruledOut ?? []), ...(ru.versions ? [ru.versions] : []), ...ru.fixes.flatMap((x) => [x.title, x.manual ?? ''])])
        expect(text, `${ru.id}: ${text}`).toMatch(/\p{Script=Cyrillic}/u);
  });
});

// After the cases above: a file's tests run in order.
it('reads the findings of every analyzer in Russian, in some corpus case', () => {
  expect(FINDING_IDS.filter((id) => !seen.has(id))).toEqual([]);
});
