import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { TEXT_CATALOGS } from '../../../shared/i18n/text';

const CLI = path.resolve('electron/cli');
/**
 * The `fix` command's plans, outcomes and verification lines are English so far (the README
 * says so); in these files only errors and warnings are held to the catalog.
 */
const ERRORS_ONLY = new Set(['commands/fix.ts', 'fix-output.ts']);
/** Two words in a row: a phrase someone reads, as opposed to a flag, an id or a format. */
const PHRASE = /\p{L}{2,}[ ]+\p{L}{2,}/u;
/** A command line to type (`KUBECONFIG=… kubectl get pods`) reads the same in every language. */
const COMMAND_LINE = /^\s*[A-Z][A-Z0-9_]*=/;

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? tsFiles(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}

/** Inside `new UsageError(…)` or `warn(…)`: a one-line error or warning. */
function inError(node: ts.Node): boolean {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isNewExpression(n) && n.expression.getText() === 'UsageError') return true;
    if (ts.isCallExpression(n) && n.expression.getText() === 'warn') return true;
  }
  return false;
}

/** String and template literals with a phrase in them, outside imports (only in errors and warnings with `errorsOnly`). */
function phrases(file: string, errorsOnly = false): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const report = (node: ts.Node, text: string) => {
    if (PHRASE.test(text) && !COMMAND_LINE.test(text) && (!errorsOnly || inError(node))) found.push(`${path.relative(process.cwd(), file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${text.trim()}`);
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node) || ts.isImportTypeNode(node)) return;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) report(node, node.text);
    // In a template, only the text outside ${…} is read as written.
    if (ts.isTemplateExpression(node)) report(node, [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' '));
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("the CLI's own text", () => {
  it('every phrase the CLI prints comes from the cli catalog', () => {
    const files = tsFiles(CLI);
    expect(files.length).toBeGreaterThan(10);
    expect(files.flatMap((f) => phrases(f, ERRORS_ONLY.has(path.relative(CLI, f))))).toEqual([]);
  });

  it('every cli key the code uses exists in both languages', () => {
    const used = new Set<string>();
    for (const file of tsFiles(CLI)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\btext\('([\w.-]+)'|cliText\(\)\('([\w.-]+)'/g)) used.add((m[1] ?? m[2])!);
    }
    expect(used.size).toBeGreaterThan(30);
    const has = (lang: 'en' | 'ru', key: string) => Object.keys(TEXT_CATALOGS[lang].cli).some((k) => k === key || k.startsWith(`${key}_`));
    expect([...used].filter((k) => !has('en', k) || !has('ru', k))).toEqual([]);
  });
});
