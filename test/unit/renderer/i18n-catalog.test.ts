import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { CATALOGS, LANGUAGES, languageFor } from '../../../shared/i18n';

const RENDERER = path.resolve('renderer/src');
/** Attributes a user reads or hears. */
const READ_ATTRIBUTES = new Set(['aria-label', 'title', 'placeholder', 'alt', 'label', 'aria-description']);
/**
 * The same in every language: product and protocol names, and examples with no spaces (an
 * address, a path, user@host:port).
 */
const UNTRANSLATED = /^(Runner Doctor|GitLab|Kubernetes|SSH|SHA-256|YAML|kubectl|[A-Z0-9_.:-]+|[\s\W\d]*|\S*[/@]\S*)$/u;

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? tsxFiles(full) : e.name.endsWith('.tsx') ? [full] : [];
  });
}

/** Text in JSX (children and read attributes) that is not a call into the catalog. */
function inlineStrings(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const report = (node: ts.Node, text: string) => {
    // In a template, only the text outside ${…} is read as written.
    const trimmed = text.replace(/\$\{[^}]*\}/g, '').replace(/^`|`$/g, '').replace(/\s+/g, ' ').trim();
    if (/\p{L}/u.test(trimmed) && !UNTRANSLATED.test(trimmed)) {
      found.push(`${path.relative(process.cwd(), file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${trimmed}`);
    }
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node)) report(node, node.text);
    if (ts.isJsxAttribute(node) && READ_ATTRIBUTES.has(node.name.getText()) && node.initializer) {
      const init = node.initializer;
      if (ts.isStringLiteral(init)) report(init, init.text);
      else if (ts.isJsxExpression(init) && init.expression && (ts.isStringLiteral(init.expression) || ts.isNoSubstitutionTemplateLiteral(init.expression) || ts.isTemplateExpression(init.expression))) {
        report(init, init.expression.getText());
      }
    }
    // A string literal or template as a JSX child: {'text'} or {`text ${x}`}.
    if (ts.isJsxExpression(node) && node.expression && ts.isJsxElement(node.parent) && (ts.isStringLiteral(node.expression) || ts.isTemplateExpression(node.expression))) {
      report(node, node.expression.getText());
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

/** A plural key's base: `found_one` and `found_few` are both `found`. */
const base = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');

describe('message catalogs', () => {
  it('every string the UI shows comes from the catalog', () => {
    const inline = tsxFiles(RENDERER).flatMap(inlineStrings);
    expect(inline).toEqual([]);
  });

  it('English and Russian have the same messages, with the plural forms each language needs', () => {
    const en = new Set(keys(CATALOGS.en).map(base));
    const ru = new Set(keys(CATALOGS.ru).map(base));
    expect([...en].filter((k) => !ru.has(k)), 'missing in Russian').toEqual([]);
    expect([...ru].filter((k) => !en.has(k)), 'missing in English').toEqual([]);
    const forms = (lang: 'en' | 'ru', key: string) => keys(CATALOGS[lang]).filter((k) => base(k) === key && k !== key).map((k) => k.slice(key.length + 1));
    for (const key of en) {
      const enForms = forms('en', key);
      if (enForms.length === 0) continue;
      expect(enForms.sort(), key).toEqual(['one', 'other']);
      expect(forms('ru', key).sort(), key).toEqual(['few', 'many', 'one', 'other']);
    }
  });

  it('every key the code uses exists', () => {
    const used = new Set<string>();
    const scan = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) scan(full);
        else if (/\.tsx?$/.test(e.name)) for (const m of readFileSync(full, 'utf8').matchAll(/\bt\('([a-zA-Z.]+)'/g)) used.add(m[1]!);
      }
    };
    scan(RENDERER);
    const known = new Set(keys(CATALOGS.en).map(base));
    expect([...used].filter((k) => !known.has(k))).toEqual([]);
  });

  it("words the evidence viewer's line range with the plural Russian needs", () => {
    const i18n = i18next.createInstance();
    void i18n.init({ resources: { en: { translation: CATALOGS.en }, ru: { translation: CATALOGS.ru } }, lng: 'en', interpolation: { escapeValue: false }, initAsync: false });
    const range = (lng: 'en' | 'ru', count: number) => i18n.getFixedT(lng)('viewer.range', { first: 1, last: 2, count });
    expect(range('en', 500)).toBe('Lines 1–2 of 500');
    expect(range('ru', 21)).toBe('1–2 из 21 строки');
    expect(range('ru', 3)).toBe('1–2 из 3 строк');
    expect(range('ru', 500)).toBe('1–2 из 500 строк');
    expect(i18n.getFixedT('ru')('viewer.at', { cursor: 30, cited: 30 })).toBe('Строка 30, цитируемая строка 30');
  });

  it('follows the OS locale: Russian for ru-RU and ru_RU.UTF-8, English otherwise', () => {
    expect(LANGUAGES).toEqual(['en', 'ru']);
    expect(languageFor('ru-RU')).toBe('ru');
    expect(languageFor('ru_RU.UTF-8')).toBe('ru');
    expect(languageFor('ru')).toBe('ru');
    expect(languageFor('en-GB')).toBe('en');
    expect(languageFor('rus')).toBe('en');
    expect(languageFor(undefined)).toBe('en');
  });
});
