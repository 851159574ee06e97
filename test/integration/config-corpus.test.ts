import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../electron/core/diagnosis/analyze';
import { configFileSource, extractRunnerConfig } from '../../electron/core/diagnosis/extract/config-toml';
import { emptyFacts } from '../../electron/core/diagnosis/facts';
import { folderReader } from '../../electron/core/evidence/folder-reader';

/** test/fixtures/config-corpus: configs the runner accepts, and real mistakes, listed in SOURCES.md. */
const ROOT = resolve(__dirname, '../fixtures/config-corpus');
const rows = readFileSync(join(ROOT, 'SOURCES.md'), 'utf8')
  .split('\n')
  .filter((l) => /^\| (?:valid|invalid)\//.test(l))
  .map((l) => l.slice(2, -2).split(' | '));
const valid = rows.filter(([file]) => file!.startsWith('valid/')).map(([file]) => file!);
const invalid = rows
  .filter(([file]) => file!.startsWith('invalid/'))
  .map(([file, , id, line, severity, pattern]) => ({ file: file!, id: id!, line: Number(line), severity: severity!, pattern: new RegExp(pattern!.replace(/^`` | ``$/g, '')) }));

async function analyzeCase(file: string) {
  const analysis = await analyze(await folderReader([join(ROOT, file)]));
  expect(analysis.unrecognized, 'every file is recognised').toEqual([]);
  expect(analysis.problems).toEqual([]);
  return analysis.findings;
}

describe('config.toml corpus (test/fixtures/config-corpus)', () => {
  it('lists every file it holds, with at least 40 valid configs', () => {
    const listed = new Set(rows.map(([file]) => file!.replace(/\/$/, '')));
    const held = ['valid', 'invalid'].flatMap((dir) => readdirSync(join(ROOT, dir)).map((name) => `${dir}/${name}`));
    expect(held.filter((f) => !listed.has(f))).toEqual([]);
    expect([...listed].filter((f) => !held.includes(f))).toEqual([]);
    expect(valid.length).toBeGreaterThanOrEqual(40);
    expect(invalid.length).toBeGreaterThanOrEqual(15);
  });

  it.each(valid)('%s: no warning or error', async (file) => {
    const findings = await analyzeCase(file);
    expect(findings.filter((f) => f.severity !== 'info').map((f) => `${f.id} (${f.severity}): ${f.summary}`)).toEqual([]);
  });

  it.each(invalid)('$file: $id, $severity at line $line', async ({ file, id, line, severity, pattern }) => {
    const findings = await analyzeCase(file);
    const finding = findings.find((f) => f.id === id);
    expect(finding, id).toBeDefined();
    expect(finding!.severity).toBe(severity);
    const text = [finding!.summary, ...finding!.fixes.map((f) => f.manual ?? '')].join('\n');
    expect(text, 'the problem is named').toMatch(pattern);
    expect(finding!.evidence.map((e) => e.line), 'the problem\'s line is cited').toContain(line);
    if (id === 'config-invalid' && file.endsWith('.toml')) {
      // The problem itself points at that line (not at its section's header).
      const config = extractRunnerConfig(readFileSync(join(ROOT, file), 'utf8'), configFileSource(file), emptyFacts());
      const issue = config.issues.find((i) => pattern.test(i.message));
      expect(issue && (issue.tomlLine ?? config.at(issue.path ?? '').line)).toBe(line);
    }
  });
});
