import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildAutomaton } from '../../../electron/core/diagnosis/scan/aho-corasick';
import { LineScanner, MAX_LINE_BYTES, type ScannedLine } from '../../../electron/core/diagnosis/scan/line-scanner';

function scan(patterns: string[], chunks: (string | Buffer)[], wantNextAfter?: (l: ScannedLine) => boolean): ScannedLine[] {
  const out: ScannedLine[] = [];
  const scanner: LineScanner = new LineScanner(buildAutomaton(patterns), (line) => {
    out.push(line);
    if (wantNextAfter?.(line)) scanner.requestNextLine();
  });
  for (const c of chunks) scanner.push(typeof c === 'string' ? Buffer.from(c) : c);
  scanner.end();
  return out;
}

/** What a naive line-by-line includes() would report. */
function naive(patterns: string[], text: string): { lineNo: number; text: string; patterns: number[] }[] {
  return text
    .split('\n')
    .map((raw, i) => ({ lineNo: i + 1, text: raw.replace(/\r$/, ''), patterns: patterns.map((p, id) => (raw.includes(p) ? id : -1)).filter((id) => id >= 0) }))
    .filter((l, i, all) => l.patterns.length > 0 && !(i === all.length - 1 && l.text === ''));
}

describe('Aho-Corasick line scanner', () => {
  it('only counts lines of counted patterns, once per line, across chunks, and still hands over the others', () => {
    const counted: number[] = [];
    const out: ScannedLine[] = [];
    const scanner = new LineScanner(buildAutomaton(['ok', 'failed']), (l) => out.push(l), { ids: new Set([0]), onCounted: (n) => counted.push(n) });
    for (const c of ['ok ok\nrequest failed\nr', 'eq ok\nok and failed\n']) scanner.push(Buffer.from(c));
    scanner.end();
    expect(counted).toEqual([1, 3, 4]);
    expect(out.map((l) => [l.lineNo, l.patterns])).toEqual([
      [2, [1]],
      [4, [1]],
    ]);
  });

  it('finds overlapping and nested patterns and reports each pattern once per line', () => {
    const lines = scan(['he', 'she', 'hers', 'his'], ['ushers\nnothing here\nhis hers she\n']);
    expect(lines.map((l) => [l.lineNo, [...l.patterns].sort()])).toEqual([
      [1, [0, 1, 2]],
      [2, [0]],
      [3, [0, 1, 2, 3]],
    ]);
  });

  it('numbers lines across chunk boundaries, strips CR, keeps a last line without newline', () => {
    const lines = scan(['403'], ['a\r\nb 40', '3 x\r\n', 'c\nlast 403']);
    expect(lines).toEqual([
      { lineNo: 2, text: 'b 403 x', patterns: [0] },
      { lineNo: 4, text: 'last 403', patterns: [0] },
    ]);
  });

  it('delivers the requested next line even when it holds no pattern, across chunks', () => {
    const lines = scan(['Job failed'], ['WARNING: Job failed: x\n', '  duration_s=1 ', 'job=7\nother\n'], (l) => l.patterns.length > 0);
    expect(lines.map((l) => l.text)).toEqual(['WARNING: Job failed: x', '  duration_s=1 job=7']);
  });

  it('cuts very long lines but still sees patterns past the cut', () => {
    const long = 'x'.repeat(MAX_LINE_BYTES + 1000) + ' needle\n';
    const [line] = scan(['needle'], [long.slice(0, 70_000), long.slice(70_000)]);
    expect(line?.patterns).toEqual([0]);
    expect(line?.text.length).toBe(MAX_LINE_BYTES);
  });

  it('keeps UTF-8 characters split between chunks intact', () => {
    const bytes = Buffer.from('≤2 Build limit bottleneck: ✓\n');
    const [line] = scan(['bottleneck'], [bytes.subarray(0, 1), bytes.subarray(1, 20), bytes.subarray(20)]);
    expect(line?.text).toBe('≤2 Build limit bottleneck: ✓');
  });

  it('agrees with a naive line-by-line search for any text and any chunking', () => {
    const alphabet = fc.constantFrom('a', 'b', 'c', '.', ' ', '\n', '\r\n', 'é');
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 300 }).map((a) => a.join('')),
        fc.uniqueArray(fc.array(fc.constantFrom('a', 'b', 'c', '.', ' ', 'é'), { minLength: 1, maxLength: 4 }).map((a) => a.join('')), { minLength: 1, maxLength: 5 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (text, patterns, cuts) => {
          const buf = Buffer.from(text);
          const points = [...new Set(cuts.map((c) => c % (buf.length + 1)))].sort((a, b) => a - b);
          const chunks = [0, ...points, buf.length].slice(1).map((end, i, all) => buf.subarray(i === 0 ? 0 : all[i - 1], end));
          const got = scan(patterns, chunks).map((l) => ({ ...l, patterns: [...l.patterns].sort((a, b) => a - b) }));
          expect(got).toEqual(naive(patterns, text));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses patterns that span lines', () => {
    expect(() => buildAutomaton(['a\nb'])).toThrow(/spans lines/);
  });
});
