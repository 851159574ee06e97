import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Redactor } from '../../../electron/core/evidence/redact/redactor';
import { RedactStream, redactText } from '../../../electron/core/evidence/redact/redact-stream';

const CORPUS = join(__dirname, '../../fixtures/clean-corpus');
const files = readdirSync(CORPUS).sort();

async function streamed(data: Buffer, chunk: number): Promise<{ out: Buffer; count: number }> {
  const parts: Buffer[] = [];
  for (let i = 0; i < data.length; i += chunk) parts.push(data.subarray(i, i + chunk));
  const redact = new RedactStream(new Redactor());
  const chunks: Buffer[] = [];
  for await (const c of Readable.from(parts).pipe(redact)) chunks.push(Buffer.from(c as Buffer));
  return { out: Buffer.concat(chunks), count: redact.count };
}

describe('clean corpus: logs and configs without secrets stay byte-identical', () => {
  it('has realistic files to check', () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
  });

  for (const name of files) {
    it(name, async () => {
      const data = readFileSync(join(CORPUS, name));
      const r = new Redactor();
      const whole = redactText(r, data.toString('utf8'));
      expect(whole.text).toBe(data.toString('utf8'));
      expect(r.summary()).toEqual({});
      for (const size of [1, 7, 4096]) {
        const { out, count } = await streamed(data, size);
        expect(count).toBe(0);
        expect(out.equals(data)).toBe(true);
      }
    });
  }
});
