import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildAutomaton } from '../../../electron/core/diagnosis/scan/aho-corasick';
import { LineScanner, MAX_LINE_BYTES, type ScannedLine } from '../../../electron/core/diagnosis/scan/line-scanner';
import { buildSkipFilter, nativeIndexOf } from '../../../electron/core/diagnosis/scan/skip-filter';
import { cutAt } from '../../helpers/cut-at';

interface Scan {
  /** With the number of counted lines before each. */
  lines: (ScannedLine & { countedBefore: number })[];
  counted: number;
  total: number;
}

function scanAll(patterns: string[], chunks: (string | Buffer)[], opts: { counted?: number[]; skip?: boolean; wantNextAfter?: (l: ScannedLine) => boolean } = {}): Scan {
  const lines: Scan['lines'] = [];
  let counted = 0;
  const ids = new Set(opts.counted ?? []);
  const filter = opts.skip ? buildSkipFilter(patterns, ids) : undefined;
  const scanner: LineScanner = new LineScanner(
    buildAutomaton(patterns),
    (line) => {
      lines.push({ ...line, countedBefore: counted });
      if (opts.wantNextAfter?.(line)) scanner.requestNextLine();
    },
    { counted: ids.size ? { ids, onCounted: (n) => (counted += n) } : undefined, filter },
  );
  for (const c of chunks) scanner.push(typeof c === 'string' ? Buffer.from(c) : c);
  scanner.end();
  return { lines, counted, total: scanner.lines };
}

/** The lines handed over, with and without the skip filter: both must agree. */
function scan(patterns: string[], chunks: (string | Buffer)[], wantNextAfter?: (l: ScannedLine) => boolean): ScannedLine[] {
  const walked = scanAll(patterns, chunks, { wantNextAfter });
  expect(scanAll(patterns, chunks, { wantNextAfter, skip: true })).toEqual(walked);
  return walked.lines.map(({ countedBefore: _, ...line }) => line);
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
    const chunks = ['ok ok\nrequest failed\nr', 'eq ok\nok and failed\n'];
    for (const skip of [false, true]) {
      const { lines, counted } = scanAll(['ok', 'failed'], chunks, { counted: [0], skip });
      expect(counted).toBe(3);
      // Line 4 is counted and handed over; its count comes first.
      expect(lines.map((l) => [l.lineNo, l.patterns, l.countedBefore])).toEqual([
        [2, [1], 1],
        [4, [1], 3],
      ]);
    }
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
          const got = scan(patterns, cutAt(text, cuts)).map((l) => ({ ...l, patterns: [...l.patterns].sort((a, b) => a - b) }));
          expect(got).toEqual(naive(patterns, text));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('hands over the same lines, in the same order and with the same counts, with the skip filter as without', () => {
    // Bytes that fold together in the filter's three-byte blocks (a, A, !) and a two-byte character.
    const letter = fc.constantFrom('a', 'A', '!', 'b', '.', ' ', 'é');
    const word = (min: number, max: number) => fc.array(letter, { minLength: min, maxLength: max }).map((a) => a.join(''));
    const input = fc
      .record({
        // Long ones are skipped over; a few short ones are found natively.
        long: fc.uniqueArray(word(5, 12), { minLength: 1, maxLength: 6 }),
        short: fc.uniqueArray(word(1, 9), { maxLength: 3 }),
      })
      .chain(({ long, short }) => {
        const patterns = [...new Set([...long, ...short])];
        return fc.record({
          patterns: fc.constant(patterns),
          counted: fc.subarray(patterns.flatMap((p, id) => (p.length >= 10 || long.includes(p) ? [id] : []))),
          text: fc.array(fc.oneof(fc.constantFrom(...patterns), word(0, 20), fc.constantFrom('\n', '\r\n')), { maxLength: 60 }).map((a) => a.join('')),
          cuts: fc.array(fc.nat(), { maxLength: 6 }),
          wantNext: fc.boolean(),
        });
      });
    fc.assert(
      fc.property(input, ({ patterns, counted, text, cuts, wantNext }) => {
        const chunks = cutAt(text, cuts);
        const wantNextAfter = wantNext ? (l: ScannedLine) => l.patterns.length > 0 : undefined;
        const walked = scanAll(patterns, chunks, { counted, wantNextAfter });
        expect(scanAll(patterns, chunks, { counted, wantNextAfter, skip: true })).toEqual(walked);
        expect(walked.total).toBe(text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0));
      }),
      { numRuns: 500 },
    );
  });

  it('reports the patterns of a line it hands over in the walk’s order when they overlap, nest and end together', () => {
    // Two letters: patterns that are suffixes, prefixes and overlaps of each other on every line.
    const word = (min: number, max: number) => fc.array(fc.constantFrom('a', 'b'), { minLength: min, maxLength: max }).map((a) => a.join(''));
    const input = fc.uniqueArray(word(5, 9), { minLength: 2, maxLength: 8 }).chain((patterns) =>
      fc.record({
        patterns: fc.constant(patterns),
        counted: fc.subarray(patterns.map((_, id) => id)),
        text: fc.array(fc.oneof(fc.constantFrom(...patterns), word(0, 12), fc.constant('\n')), { maxLength: 40 }).map((a) => a.join('')),
        cuts: fc.array(fc.nat(), { maxLength: 3 }),
      }),
    );
    fc.assert(
      fc.property(input, ({ patterns, counted, text, cuts }) => {
        const chunks = cutAt(text, cuts);
        expect(scanAll(patterns, chunks, { counted, skip: true })).toEqual(scanAll(patterns, chunks, { counted }));
      }),
      { numRuns: 500 },
    );
  });

  it('skips only when the patterns are long enough, and finds the few short ones natively', () => {
    expect(buildSkipFilter(['ab', 'long enough'], new Set([0]))).toBeUndefined();
    expect(buildSkipFilter([...'abcdefg', 'long enough'], new Set())).toBeUndefined();
    const filter = buildSkipFilter(['ERROR:', 'FATAL:', 'Checking for jobs... received', 'Job failed'], new Set([2]));
    expect(filter?.window).toBe(10);
    expect(filter?.natives.map((n) => String(n.bytes))).toEqual(['ERROR:', 'FATAL:']);
  });

  it('leaves a pattern given twice to the walk, which reports both ids', () => {
    const patterns = ['Checking for jobs... failed', 'Checking for jobs... failed', 'Job failed'];
    expect(buildSkipFilter(patterns, new Set())).toBeUndefined();
    expect(scan(patterns, ['ok\nWARNING: Checking for jobs... failed\n']).map((l) => l.patterns)).toEqual([[0, 1]]);
  });

  it('finds a short pattern of 8 bytes or more through a piece memchr finds, and only where the whole pattern is', () => {
    const filter = buildSkipFilter(['OOMKilled', 'io:Killed', 'Checking for jobs... received'], new Set([2]));
    const [oom, killed] = filter!.natives;
    // The piece starts at a rare byte and is short enough for memchr.
    expect([String(oom!.piece), oom!.offset]).toEqual(['OOMKill', 0]);
    expect([String(killed!.piece), killed!.offset]).toEqual([':Killed', 2]);
    const text = Buffer.from('OOMKille OOMKill x:Killed io:Killed OOMKilled\nio:Kil');
    expect(nativeIndexOf(text, oom!, 0)).toBe(text.indexOf('OOMKilled'));
    expect(nativeIndexOf(text, killed!, 0)).toBe(text.indexOf('io:Killed'));
    expect(nativeIndexOf(text, oom!, text.indexOf('OOMKilled') + 1)).toBe(-1);
    // Its piece at the buffer's end, the rest of it beyond: not there.
    expect(nativeIndexOf(Buffer.from('a OOMKill'), oom!, 0)).toBe(-1);
    // Nothing rare to start a piece at: the whole pattern is the needle.
    const plain = buildSkipFilter(['exit code', 'Checking for jobs... received'], new Set([1]))!.natives[0]!;
    expect([String(plain.piece), plain.offset]).toEqual(['exit code', 0]);
    expect(nativeIndexOf(Buffer.from('exit 1, exit code 2'), plain, 0)).toBe(8);
  });

  it('refuses patterns that span lines', () => {
    expect(() => buildAutomaton(['a\nb'])).toThrow(/spans lines/);
  });
});
