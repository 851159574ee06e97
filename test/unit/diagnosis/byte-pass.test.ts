import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { byteMatcher, passBytes, type LogEnd } from '../../../electron/core/diagnosis/scan/byte-pass';
import { excerptOf, stripAnsi, timeOf } from '../../../electron/core/diagnosis/scan/fields';
import { LineScanner } from '../../../electron/core/diagnosis/scan/line-scanner';
import { byteMatcherPrimer } from '../../../electron/core/diagnosis/scan/log-scan-task';
import { activeSignatures, hintSet, prepareSignatures } from '../../../electron/core/diagnosis/scan/scan-log';
import { emptyFacts } from '../../../electron/core/diagnosis/facts';
import { cutAt } from '../../helpers/cut-at';

/*
 * The end of a log (its last non-blank line, the line's number and time) is read from the last
 * two chunks the byte pass saw. Whatever the cuts, it must be what decoding those two chunks
 * whole and looking back from their end gives.
 */

async function endOf(chunks: Buffer[]): Promise<LogEnd> {
  const { automaton } = byteMatcher(['never in these logs'], new Set());
  const scanner = new LineScanner(automaton, () => undefined);
  return passBytes('runner.log', (async function* () {
    yield* chunks;
  })(), scanner);
}

/** The definition: the last two chunks decoded whole, and their last line that is not blank. */
function expectedEnd(chunks: Buffer[], lines: number): LogEnd['end'] {
  const text = Buffer.concat(chunks.slice(-2)).toString('utf8');
  // A newline that ends the log starts no line.
  const all = (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n').map((l) => l.replace(/\r$/, ''));
  const at = all.findLastIndex((l) => l.trim() !== '');
  if (at === -1) return undefined;
  const lineNo = lines - (all.length - 1 - at);
  const time = timeOf(stripAnsi(all[at]!));
  return time && lineNo > 0 ? { file: 'runner.log', line: lineNo, excerpt: excerptOf(all[at]!), time } : undefined;
}

const LINES = [
  '2025-03-04T10:00:05.292Z Checking for jobs... failed',
  '2025-03-04T10:00:06Z WARNING: Job failed: exit code 1\r',
  '\u001b[0;33mWARNING: 2025-03-04 10:00:07 +0100 Appending trace to coordinator...ok\u001b[0;m',
  'Mar  4 10:00:08 host gitlab-runner[12]: no time in ISO form',
  'done, no time — ünïcödé ✓',
  '',
  '   ',
  '\r',
  '\u00a0\u2028',
  '\t\u3000',
];

describe('the end of a log found by the byte pass', () => {
  it('is the last non-blank line of the last two chunks, with its number and time, whatever the cuts', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...LINES), { minLength: 1, maxLength: 40 }),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 6 }),
        async (lines, lastNewline, cuts) => {
          const bytes = Buffer.from(lines.join('\n') + (lastNewline ? '\n' : ''));
          if (bytes.length === 0) return;
          // A file read delivers no empty chunk.
          const chunks = cutAt(bytes, cuts).filter((c) => c.length > 0);
          const { lines: count, end } = await endOf(chunks);
          expect(end).toEqual(expectedEnd(chunks, count));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('finds the last timed line behind blank lines, a line cut between the last two chunks, and a last chunk of one newline', async () => {
    const log = Buffer.from('2025-03-04T10:00:01Z first\n2025-03-04T10:00:02Z ünïcödé last\n\n  \n');
    // "ü" is two bytes: the cut falls inside it, and inside the line.
    const at = log.indexOf('ü') + 1;
    expect((await endOf([log.subarray(0, at), log.subarray(at)])).end).toEqual({ file: 'runner.log', line: 2, excerpt: '2025-03-04T10:00:02Z ünïcödé last', time: '2025-03-04T10:00:02.000Z' });
    expect((await endOf([log.subarray(0, log.length - 1), log.subarray(log.length - 1)])).end).toMatchObject({ line: 2, time: '2025-03-04T10:00:02.000Z' });
    expect((await endOf([Buffer.from('2025-03-04T10:00:01Z one\nno time here\n')])).end).toBeUndefined();
  });
});

describe("the byte pass's primer (what a worker thread scans before its first log)", () => {
  it('hands over the line of every hint that is not only counted, counts the others, and reaches the last line', () => {
    const set = hintSet(prepareSignatures(activeSignatures(emptyFacts())));
    const counted = new Set(set.counted);
    const { automaton, filter } = byteMatcher(set.hints, counted);
    const handed = new Set<number>();
    let countedLines = 0;
    const scanner = new LineScanner(automaton, (line) => handed.add(line.lineNo), { counted: { ids: counted, onCounted: (n) => (countedLines += n) }, filter, bytes: true });
    const text = byteMatcherPrimer(set);
    // Cut inside a line, as the worker pushes it.
    const half = text.length >> 1;
    expect(text[half - 1]).not.toBe(10);
    scanner.push(text.subarray(0, half));
    scanner.push(text.subarray(half));
    scanner.end();
    // Hint i is on line 2i + 2, after a line holding none; the last line follows them all.
    const hintLines = set.hints.map((_, i) => 2 * i + 2);
    const notCounted = hintLines.filter((_, i) => !counted.has(i));
    expect(notCounted.filter((n) => !handed.has(n))).toEqual([]);
    expect(countedLines).toBeGreaterThanOrEqual(set.counted.length);
    expect(scanner.lines).toBe(2 * set.hints.length + 1);
  });
});
