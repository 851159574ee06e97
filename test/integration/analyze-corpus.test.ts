import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CONTRACT_FINDING_IDS, findingsDocumentSchema, type Finding } from '../../shared/findings';
import { FINDING_IDS } from '../../electron/core/diagnosis/analyzers';
import { findingKey } from '../../shared/findings';
import { analyze, collectFacts } from '../../electron/core/diagnosis/analyze';
import { ANALYZERS } from '../../electron/core/diagnosis/analyzers';
import { english } from '../../electron/core/diagnosis/finding';
import { folderReader } from '../../electron/core/evidence/folder-reader';
import { EvidenceStore } from '../../electron/core/evidence/store';
import { storeReader } from '../../electron/core/evidence/store-reader';
import { runCli } from '../helpers/run-cli';
import { decodeJournalMessage } from '../../electron/core/diagnosis/scan/journal-bytes';
import { messageProblems } from '../helpers/finding-messages';
import { LOG_SIGNATURES } from '../../electron/core/diagnosis/scan/signatures';

const CASES = resolve(__dirname, '../fixtures/cases');

const caseSchema = z.object({
  source: z.string().min(20),
  expect: z.array(z.enum(FINDING_IDS as [string, ...string[]])),
  forbid: z.array(z.enum(FINDING_IDS as [string, ...string[]])),
  /** Findings whose evidence the redactor removes today (with why), so a bundle cannot show them. */
  lostInRedaction: z.array(z.object({ id: z.enum(FINDING_IDS as [string, ...string[]]), why: z.string().min(20) })).optional(),
  /** The ids of the first (root-cause-led) chain, in order. */
  chain: z.array(z.enum(FINDING_IDS as [string, ...string[]])).optional(),
});

/** A line reporting a failure, as unexplained-errors reads it (ANSI stripped). */
const FAILING_LINE = /(?:^|[^A-Za-z_-])(?:ERROR|FATAL|PANIC):|\blevel=(?:error|fatal|panic)\b|"level":\s*"(?:error|fatal|panic)"|\bJob failed\b/;
const LOG_KINDS = new Set(['runner-log', 'job-log', 'journal', 'systemctl-status']);
/** A failed request to GitLab (`Checking for jobs... failed` …), as the scanner's signature reads it. */
const FAILED_REQUEST = LOG_SIGNATURES.find((s) => s.id === 'gitlab-request-failed')!.pattern;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

const cases = readdirSync(CASES)
  .sort()
  .map((name) => ({ name, dir: join(CASES, name, 'evidence'), spec: caseSchema.parse(JSON.parse(readFileSync(join(CASES, name, 'case.json'), 'utf8'))) }));

// journald JSON lines whose MESSAGE is a byte array are read as the text they hold.
const clean = (s: string) => decodeJournalMessage(s).replace(/(?:\u001b|#033)\[[0-9;]*[A-Za-z]/g, '').trim();

/** The cited line holds the excerpt (for TOML inside a JSON string: once unescaped). */
function assertEvidenceIsReal(dir: string, finding: Finding): void {
  for (const ev of finding.evidence) {
    const file = join(dir, ...ev.file.split('/'));
    expect(existsSync(file), `${finding.id} cites a file that does not exist: ${ev.file}`).toBe(true);
    if (ev.line === 0) continue;
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(ev.line, `${finding.id}: ${ev.file}:${ev.line} is past the end`).toBeLessThanOrEqual(lines.length);
    const text = clean(lines[ev.line - 1] ?? '');
    const core = ev.excerpt.replace(/^…|…$/g, '').slice(0, 80);
    const unescaped = text.replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
    expect(text.includes(core) || unescaped.includes(core), `${finding.id}: ${ev.file}:${ev.line} is "${text.slice(0, 120)}", not "${core}"`).toBe(true);
  }
}

describe('analysis corpus (test/fixtures/cases)', () => {
  it('keeps every finding id CONTRACTS.md §3 lists', () => {
    for (const id of CONTRACT_FINDING_IDS) expect(FINDING_IDS).toContain(id);
  });

  it('covers every finding id with two positive cases and a near miss', () => {
    for (const id of FINDING_IDS) {
      const positives = cases.filter((c) => c.spec.expect.includes(id)).map((c) => c.name);
      const nearMisses = cases.filter((c) => c.spec.forbid.includes(id)).map((c) => c.name);
      expect(positives.length, `${id} positives: ${positives.join(', ')}`).toBeGreaterThanOrEqual(2);
      expect(nearMisses.length, `${id} near misses`).toBeGreaterThanOrEqual(1);
    }
  });

  describe.each(cases)('$name', ({ dir, spec }) => {
    const lost = new Set<string>((spec.lostInRedaction ?? []).map((l) => l.id));
    it('finds what the case expects, nothing it forbids, citing real lines', async () => {
      const analysis = await analyze(await folderReader([dir]));
      const doc = findingsDocumentSchema.parse({ findings: analysis.findings });
      const ids = new Set(doc.findings.map((f) => f.id));
      for (const id of spec.expect) expect([...ids], `expected ${id}`).toContain(id);
      for (const id of spec.forbid) expect([...ids], `forbidden ${id}`).not.toContain(id);
      expect(analysis.unrecognized).toEqual([]);
      expect(analysis.problems).toEqual([]);
      for (const f of doc.findings) {
        expect(f.evidence.length).toBeGreaterThan(0);
        expect(f.summary.length).toBeGreaterThan(40);
        assertEvidenceIsReal(dir, f);
        expect(messageProblems(f)).toEqual([]);
        const prose = [f.title, f.summary, f.label ?? '', ...(f.ruledOut ?? []), ...f.fixes.map((x) => `${x.title} ${x.manual ?? ''}`)].join('\n');
        expect(prose, `${f.id} shows a value it does not have`).not.toMatch(/\bundefined\b|\bNaN\b|\[object Object\]/);
      }
      // Never silent on a failing log: some finding cites one of its failing lines.
      const reader = await folderReader([dir]);
      let failingLogs = 0;
      for (const entry of reader.entries()) {
        if (!LOG_KINDS.has(entry.kind)) continue;
        const lines = readFileSync(join(dir, ...entry.path.split('/')), 'utf8').split('\n');
        const failing = new Set(lines.flatMap((l, i) => (FAILING_LINE.test(clean(l).replace(/#033\[[0-9;]*[A-Za-z]/g, '')) ? [i + 1] : [])));
        // Never silent on failed requests to GitLab either, even when no line is an ERROR.
        const failedRequests = lines.flatMap((l, i) => (FAILED_REQUEST.test(clean(l)) ? [i + 1] : []));
        if (failedRequests.length) {
          const cited = doc.findings.some((f) => f.evidence.some((e) => e.file === entry.path && (failedRequests.includes(e.line) || failing.has(e.line))));
          expect(cited, `${entry.path} has failed requests to GitLab (${failedRequests.slice(0, 5).join(', ')}) no finding cites`).toBe(true);
        }
        if (!failing.size) continue;
        failingLogs++;
        const cited = doc.findings.some((f) => f.evidence.some((e) => e.file === entry.path && failing.has(e.line)));
        expect(cited, `${entry.path} has failing lines (${[...failing].slice(0, 5).join(', ')}) no finding cites`).toBe(true);
      }
      // A healthy case (nothing expected, no failing line in its logs) yields no warning or error.
      if (!spec.expect.length && !failingLogs) for (const f of doc.findings) expect(f.severity, `${f.id} on a healthy case: ${f.title}`).toBe('info');
      if (spec.chain) {
        const byKey = new Map(analysis.findings.map((f) => [findingKey(f), f.id]));
        const ids = [...new Set(analysis.chains[0]!.keys.map((k) => byKey.get(k)))];
        expect(ids.slice(0, spec.chain.length), analysis.chains[0]!.text).toEqual(spec.chain);
      }
    });

    it('claims nothing from a single file that the file cannot show', async () => {
      for (const file of filesUnder(dir)) {
        const facts = await collectFacts(await folderReader([file]));
        const kinds = new Set<string>(facts.entries.map((e) => e.kind));
        for (const analyzer of ANALYZERS) {
          for (const draft of analyzer.analyze(facts, [])) {
            for (const c of draft.ruledOut ?? []) {
              if (english(c.text).startsWith('Not checked')) continue;
              expect(c.basis.some((k) => kinds.has(k)), `${analyzer.id} on ${relative(dir, file)} claims "${english(c.text)}" resting on ${c.basis.join('/')} but the file is ${[...kinds].join(', ')}`).toBe(true);
            }
          }
        }
      }
    });

    it('finds the same after redaction into the evidence store', async () => {
      const raw = await analyze(await folderReader([dir]));
      const store = await EvidenceStore.create();
      try {
        for (const file of filesUnder(dir)) {
          await store.add({ path: relative(dir, file).split(sep).join('/'), source: 'files', content: createReadStream(file) });
        }
        const redacted = await analyze(storeReader(store));
        expect(redacted.findings.map((f) => f.id).sort()).toEqual(raw.findings.map((f) => f.id).filter((id) => !lost.has(id)).sort());
        expect(JSON.stringify(redacted.findings)).not.toMatch(/gl(?:pat|rt)-[A-Za-z0-9_-]{20}/);
      } finally {
        await store.dispose();
      }
    });
  });

  it('`runner-doctor analyze PATH --json` prints CONTRACTS.md §3 findings and the matching exit code for every case', async () => {
    for (const { name, dir, spec } of cases) {
      const r = await runCli(['analyze', dir, '--json']);
      expect(r.stderr, name).toBe('');
      const doc = findingsDocumentSchema.parse(JSON.parse(r.stdout));
      const serious = doc.findings.some((f) => f.severity !== 'info');
      expect(r.code, name).toBe(serious ? 1 : 0);
      for (const id of spec.expect) expect(doc.findings.map((f) => f.id), name).toContain(id);
    }
  }, 180_000);
});
