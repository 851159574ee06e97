import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANALYZERS } from '../../../electron/core/diagnosis/analyzers';

/**
 * What adding a failure mode takes (docs/diagnosis.md, "Adding a failure mode"): the analyzer
 * file and its line in the registry, and an entry in docs/diagnosis.md. Its fixture cases are
 * checked by analyze-corpus.test.ts, its texts by finding-catalogs.test.ts.
 */
const ROOT = resolve(__dirname, '../../..');
const doc = readFileSync(join(ROOT, 'docs/diagnosis.md'), 'utf8');
const ids = ANALYZERS.map((a) => a.id);

describe('each analyzer in the registry', () => {
  it('has a file of its own named by its id', () => {
    const files = readdirSync(join(ROOT, 'electron/core/diagnosis/analyzers')).filter((f) => f !== 'index.ts');
    expect(files.map((f) => f.replace(/\.ts$/, '')).sort()).toEqual([...ids].sort());
  });

  it('has an entry in docs/diagnosis.md', () => {
    expect(ids.filter((id) => !doc.includes(`\n### ${id}\n`))).toEqual([]);
  });
});
