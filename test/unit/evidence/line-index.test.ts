import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildLineIndex, readPage } from '../../../electron/core/evidence/line-index';

/** The bytes from `offset` on, cut into chunks of the given sizes (cycled), as a stream. */
function chunked(bytes: Buffer, sizes: readonly number[]): (offset: number) => Readable {
  return (offset) => {
    const parts: Buffer[] = [];
    for (let at = offset, k = 0; at < bytes.length; k++) {
      const size = sizes[k % sizes.length]!;
      parts.push(bytes.subarray(at, at + size));
      at += size;
    }
    return Readable.from(parts, { objectMode: false });
  };
}

/** What a viewer shows: '\n' ends a line, a '\r' before it is dropped, a final '\n' adds no line. */
function expectedLines(text: string): string[] {
  if (text === '') return [];
  return (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n').map((l) => l.replace(/\r$/, ''));
}

async function indexOf(text: string, stride: number, sizes: readonly number[] = [4096]) {
  const bytes = Buffer.from(text);
  const openAt = chunked(bytes, sizes);
  const index = await buildLineIndex(openAt(0), stride);
  return { index, openAt, page: (from: number, count: number) => readPage(index, openAt, from, count) };
}

const lineText = fc.string({ unit: fc.constantFrom('a', 'b', ' ', 'é', '€', '🙂', '\r', '\n', '\n', '\n'), maxLength: 200 });

describe('line index', () => {
  it('pages equal slices of the split text, for any text, chunking, stride and window', async () => {
    await fc.assert(
      fc.asyncProperty(
        lineText,
        fc.integer({ min: 1, max: 7 }),
        fc.array(fc.integer({ min: 1, max: 17 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 0, max: 40 }),
        async (text, stride, sizes, from, count) => {
          const { index, page } = await indexOf(text, stride, sizes);
          const all = expectedLines(text);
          expect(index.totalLines).toBe(all.length);
          expect(index.bytes).toBe(Buffer.byteLength(text));
          expect(await page(from, count)).toEqual(all.slice(from - 1, from - 1 + count));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('matches text.split("\\n") exactly for LF text without a final newline', async () => {
    const noCr = fc.string({ unit: fc.constantFrom('x', 'é', '\n'), maxLength: 120 }).filter((t) => !t.endsWith('\n') && t !== '');
    await fc.assert(
      fc.asyncProperty(noCr, fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 60 }), async (text, stride, chunk, from) => {
        const { page } = await indexOf(text, stride, [chunk]);
        expect(await page(from, 10)).toEqual(text.split('\n').slice(from - 1, from - 1 + 10));
      }),
      { numRuns: 200 },
    );
  });

  it('reads CRLF lines without their carriage returns', async () => {
    const { index, page } = await indexOf('one\r\ntwo\r\nthree\r\n', 2, [3]);
    expect(index.totalLines).toBe(3);
    expect(await page(1, 5)).toEqual(['one', 'two', 'three']);
    expect(await page(3, 1)).toEqual(['three']);
  });

  it('counts a last line without a newline, and none after a final newline', async () => {
    expect((await indexOf('a\nb', 1)).index.totalLines).toBe(2);
    expect((await indexOf('a\nb\n', 1)).index.totalLines).toBe(2);
    expect(await (await indexOf('a\nb', 1)).page(2, 1)).toEqual(['b']);
    expect((await indexOf('\n', 1)).index.totalLines).toBe(1);
    expect(await (await indexOf('\n\n', 1)).page(1, 5)).toEqual(['', '']);
  });

  it('has no lines in an empty file and returns nothing past the end', async () => {
    const empty = await indexOf('', 3);
    expect(empty.index).toMatchObject({ totalLines: 0, bytes: 0 });
    expect(await empty.page(1, 10)).toEqual([]);
    expect(await (await indexOf('x\ny\n', 3)).page(3, 10)).toEqual([]);
  });

  it('keeps one offset per stride lines and seeks to the nearest one', async () => {
    const text = Array.from({ length: 10_000 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
    const { index, openAt } = await indexOf(text, 1000);
    expect(index.offsets).toHaveLength(10);
    const opened: number[] = [];
    const spy = (offset: number) => (opened.push(offset), openAt(offset));
    expect(await readPage(index, spy, 7_250, 3)).toEqual(['line 7250', 'line 7251', 'line 7252']);
    expect(opened).toEqual([index.offsets[7]]);
    expect(text.indexOf('line 7001\n')).toBe(index.offsets[7]);
  });

  it('reads a 10 MB single line whole, across chunks', async () => {
    const long = 'z'.repeat(10 * 1024 * 1024);
    const { index, page } = await indexOf(`head\n${long}\ntail`, 1000, [65_536]);
    expect(index.totalLines).toBe(3);
    const [line] = await page(2, 1);
    expect(line?.length).toBe(long.length);
    expect(await page(3, 1)).toEqual(['tail']);
  });

  it('refuses a line number below 1', async () => {
    const { page } = await indexOf('a\n', 1);
    await expect(page(0, 1)).rejects.toThrow(/fromLine/);
  });

  it('refuses a stride below 1', async () => {
    await expect(buildLineIndex(Readable.from([]), 0)).rejects.toThrow(/stride/);
  });
});
