import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { searchLines } from '../../../electron/core/evidence/search-lines';

/** The text as a stream cut into chunks of `size` bytes, so lines and characters straddle chunks. */
function chunked(text: string, size: number): Readable {
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  return Readable.from(chunks);
}

const LOG = [
  'Checking for jobs... received job=1',
  '\x1b[0;33mWARNING: Job failed\x1b[0m: exit code 1',
  'ERROR: Job failed (system failure): 403 Forbidden',
  'Ünïcödé line with a 403 inside',
  'plain',
  'job failed again, job failed twice on one line',
].join('\n');

describe('searchLines', () => {
  it('finds every line holding the text, ignoring case, once per line', async () => {
    for (const size of [1, 3, 7, 64, 1 << 16]) {
      expect(await searchLines(chunked(LOG, size), 'JOB FAILED', { limit: 100 }), `chunks of ${size}`).toEqual({ lines: [2, 3, 6], truncated: false });
      expect((await searchLines(chunked(LOG, size), '403', { limit: 100 })).lines).toEqual([3, 4]);
    }
  });

  it('matches the text as the viewer shows it: colour codes are not part of it', async () => {
    expect((await searchLines(chunked(LOG, 5), 'WARNING: Job failed: exit', { limit: 10 })).lines).toEqual([2]);
    expect((await searchLines(chunked(LOG, 5), '[0;33m', { limit: 10 })).lines).toEqual([]);
  });

  it('matches multi-byte characters cut between chunks, and the last line without a newline', async () => {
    expect((await searchLines(chunked(LOG, 1), 'ünïcödé', { limit: 10 })).lines).toEqual([4]);
    expect((await searchLines(chunked(`${LOG}\nthe end`, 2), 'the end', { limit: 10 })).lines).toEqual([7]);
  });

  it('stops at the limit and says more lines match', async () => {
    const many = Array.from({ length: 50 }, (_, i) => `line ${i + 1} hit`).join('\n');
    expect(await searchLines(chunked(many, 100), 'hit', { limit: 10 })).toEqual({ lines: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], truncated: true });
    expect(await searchLines(chunked(many, 100), 'hit', { limit: 50 })).toEqual({ lines: many.split('\n').map((_, i) => i + 1), truncated: false });
  });

  it('finds nothing for an empty query or a text that is not there', async () => {
    expect(await searchLines(chunked(LOG, 8), '', { limit: 10 })).toEqual({ lines: [], truncated: false });
    expect(await searchLines(chunked(LOG, 8), 'not in this log', { limit: 10 })).toEqual({ lines: [], truncated: false });
  });

  it('stops when its signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(searchLines(chunked(LOG, 4), 'job', { limit: 10, signal: controller.signal })).rejects.toThrow();
  });
});
