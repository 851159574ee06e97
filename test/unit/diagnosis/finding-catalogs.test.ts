import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEXT_CATALOGS, formatMessage, textFor } from '../../../shared/i18n/text';
import { msg } from '../../../shared/messages';
import { ANALYZERS } from '../../../electron/core/diagnosis/analyzers';
import { isMessage } from '../../../shared/messages';

/** A plural key's base: `x_one` and `x_few` are both `x`. */
const base = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');
const params = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1]!);

describe.each(['findings', 'reports', 'cli', 'errors', 'fixes'] as const)('the %s catalogs', (ns) => {
  const en = TEXT_CATALOGS.en[ns];
  const ru = TEXT_CATALOGS.ru[ns];
  const bases = (c: Record<string, string>) => new Set(Object.keys(c).map(base));

  it('have the same messages in English and Russian', () => {
    const enKeys = bases(en);
    const ruKeys = bases(ru);
    expect([...enKeys].filter((k) => !ruKeys.has(k)), 'missing in Russian').toEqual([]);
    expect([...ruKeys].filter((k) => !enKeys.has(k)), 'missing in English').toEqual([]);
  });

  it('give each plural the forms its language needs', () => {
    const forms = (c: Record<string, string>, key: string) =>
      Object.keys(c)
        .filter((k) => k !== key && base(k) === key)
        .map((k) => k.slice(key.length + 1))
        .sort();
    for (const key of bases(en)) {
      if (!forms(en, key).length) continue;
      expect(forms(en, key), key).toEqual(['one', 'other']);
      expect(forms(ru, key), key).toEqual(['few', 'many', 'one', 'other']);
    }
  });

  it('use the same parameters in both languages', () => {
    const paramsOf = (c: Record<string, string>, key: string) =>
      [...new Set(Object.entries(c).flatMap(([k, v]) => (base(k) === key ? params(v) : [])))].sort();
    for (const key of bases(en)) expect(paramsOf(ru, key), key).toEqual(paramsOf(en, key));
  });
});

describe('finding messages', () => {
  it('every analyzer names its chain label by a message id present in both languages', () => {
    for (const a of ANALYZERS) {
      expect(isMessage(a.label), `${a.id} label`).toBe(true);
      if (!isMessage(a.label)) continue;
      expect(a.label.key in TEXT_CATALOGS.en.findings, a.id).toBe(true);
      expect(a.label.key in TEXT_CATALOGS.ru.findings, a.id).toBe(true);
    }
  });

  it('every message id the analyzers spell out exists', () => {
    const dir = path.resolve('electron/core/diagnosis');
    const used = new Set<string>();
    const scan = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const full = path.join(d, e.name);
        if (e.isDirectory()) scan(full);
        else if (e.name.endsWith('.ts')) for (const m of readFileSync(full, 'utf8').matchAll(/\bmsg\('([^']+)'/g)) used.add(m[1]!);
      }
    };
    scan(dir);
    expect(used.size).toBeGreaterThan(20);
    const known = new Set(Object.keys(TEXT_CATALOGS.en.findings).map(base));
    expect([...used].filter((k) => !known.has(k))).toEqual([]);
  });

  it('join lists in each language', () => {
    const t = textFor('ru', 'findings');
    expect(t('list.and')).toBe(' и ');
    expect(formatMessage(msg('common.notChecked', { what: { list: [msg('source.runner-log'), msg('source.job-log')], join: 'or' } }), 'ru')).toBe(
      'Не проверено: среди собранного нет лога раннера или лога джобы.',
    );
    expect(formatMessage(msg('common.notChecked', { what: { list: [msg('source.runner-log'), msg('source.job-log'), msg('source.journal')], join: 'or' } }))).toBe(
      'Not checked: no runner log, job log or runner journal was collected.',
    );
  });
});
