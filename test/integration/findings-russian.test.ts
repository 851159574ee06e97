import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../electron/core/diagnosis/analyze';
import { folderReader } from '../../electron/core/evidence/folder-reader';
import { formatMessage, localizeFinding } from '../../shared/i18n/text';
import type { Finding } from '../../shared/findings';
import { isMessage, type Message, type MessageParam } from '../../shared/messages';
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

/** Words of English prose that Russian text has no reason to contain. */
const ENGLISH_PROSE = /(?<![\p{L}\p{N}_-])(?:the|an?|is|are|was|were|be|been|to|of|in|on|at|for|with|from|by|not|and|or|its?|this|that|has|have|does|can|cannot|could|will|would|no|runner|token|job|jobs|fails?|failed)(?![\p{L}\p{N}_-])/u;

/** Kubernetes kinds, written as they are in every language. */
const KEPT_TERMS = /\b(?:ConfigMap|Secret)\b/g;

/** The values a message carries from the evidence (names, versions, paths): not text to translate. */
function paramValues(m: Message): string[] {
  const out: string[] = [];
  const walk = (p: MessageParam) => {
    if (typeof p === 'string') out.push(p);
    else if (typeof p === 'number') return;
    else if (isMessage(p)) Object.values(p.params ?? {}).forEach(walk);
    else p.list.forEach((i) => (typeof i === 'string' ? out.push(i) : walk(i)));
  };
  Object.values(m.params ?? {}).forEach(walk);
  return out;
}

/**
 * The prose of a text: without code spans, the runner's own messages quoted in "…", paths, file
 * names, GitLab's menu paths, links and the evidence's own values.
 */
function prose(text: string, values: readonly string[]): string {
  let s = text;
  for (const v of [...values].sort((a, b) => b.length - a.length)) if (v) s = s.split(v).join(' ');
  return s
    .replace(/`[^`]*`|"[^"]*"/g, ' ')
    .replace(/\S*\/\S*|\S*\w\.\w\S*/g, ' ')
    .replace(/[A-Za-z]+(?: [A-Za-z]+)*(?: [>→] [A-Za-z]+(?: [A-Za-z]+)*)+/g, ' ');
}

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
        for (const m of messagesOf(f)) {
          const ru = formatMessage(m, 'ru');
          const where = `${c.name}: ${m.key} → "${ru}"`;
          const text = prose(ru, paramValues(m));
          // A message that only names something ("Secret {{name}}") has nothing to translate.
          if (!/\p{L}{3}/u.test(prose(formatMessage(m, 'en'), paramValues(m)).replace(KEPT_TERMS, ' '))) continue;
          expect(ru, where).not.toBe(formatMessage(m, 'en'));
          expect(text, where).not.toMatch(ENGLISH_PROSE);
          if (/\p{L}{3}/u.test(text)) expect(text, where).toMatch(/\p{Script=Cyrillic}/u);
        }
        const ru: Finding = localizeFinding(f, 'ru');
        for (const text of [ru.title, ru.summary, ru.label ?? '', ...(ru.ruledOut ?? []), ...(ru.versions ? [ru.versions] : []), ...ru.fixes.flatMap((x) => [x.title, x.manual ?? ''])])
          expect(text, `${c.name}: ${text}`).toMatch(/\p{Script=Cyrillic}/u);
      }
    }
    expect(seen, `${id} findings in its corpus cases`).toBeGreaterThan(0);
  });
});
