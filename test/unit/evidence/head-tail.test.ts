import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { HeadTailLimiter } from '../../../electron/core/evidence/head-tail';
import { EvidenceStore } from '../../../electron/core/evidence/store';

async function limited(text: string, limit: number, chunk = 7): Promise<{ out: string; truncated: boolean }> {
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += chunk) parts.push(text.slice(i, i + chunk));
  const limiter = new HeadTailLimiter(limit);
  let out = '';
  for await (const c of Readable.from(parts.map((p) => Buffer.from(p))).pipe(limiter)) out += String(c);
  return { out, truncated: limiter.truncated };
}

describe('HeadTailLimiter', () => {
  it('cuts a file that is one endless line: the head does not run past the limit looking for its end', async () => {
    const { out, truncated } = await limited('y'.repeat(400_000), 10_000, 4096);
    expect(truncated).toBe(true);
    expect(out.length).toBeLessThan(10_000 + 64 * 1024 + 200);
  });

  const lines = Array.from({ length: 200 }, (_, i) => `line ${String(i).padStart(3, '0')} ${'x'.repeat(20)}`).join('\n') + '\n';

  it('passes a file within the limit unchanged', async () => {
    expect(await limited(lines, lines.length)).toEqual({ out: lines, truncated: false });
  });

  it('keeps whole lines from the head and the tail, with a marker saying how much went', async () => {
    const { out, truncated } = await limited(lines, 1000);
    expect(truncated).toBe(true);
    const at = out.indexOf('[runner-doctor:');
    const markerEnd = out.indexOf(']\n', at) + 2;
    const head = out.slice(0, at - 1);
    const marker = out.slice(at, markerEnd - 1);
    const tail = out.slice(markerEnd);
    expect(head.startsWith('line 000 ')).toBe(true);
    expect(head.endsWith('x\n')).toBe(true);
    expect(marker).toMatch(/^\[runner-doctor: \d+ bytes left out here to keep the file within 1000 bytes\]$/);
    expect(tail).toMatch(/^line \d{3} x+\n/);
    expect(tail.endsWith('line 199 ' + 'x'.repeat(20) + '\n')).toBe(true);
    const dropped = Number(/(\d+) bytes left out/.exec(marker)?.[1]);
    expect(head.length + dropped + tail.length).toBe(lines.length);
    expect(head.length + tail.length).toBeLessThanOrEqual(1000 + 40);
  });
});

describe('EvidenceStore: redaction happens before the size limit cuts', () => {
  it('a PEM block cut in the middle by the limit leaves nothing of its body', async () => {
    const body = Array.from({ length: 400 }, (_, i) => `MIIE${String(i).padStart(4, '0')}AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefghijkl`);
    const text = ['log start', '-----BEGIN RSA PRIVATE KEY-----', ...body, '-----END RSA PRIVATE KEY-----', 'log end', ''].join('\n');
    const store = await EvidenceStore.create();
    try {
      const file = await store.add({ path: 'files/key.log', source: 'test', content: text, maxBytes: 4096 });
      let out = '';
      for await (const c of store.open(file.path)) out += String(c);
      for (const line of body) expect(out).not.toContain(line);
      expect(out).toContain('log start');
      expect(out).toContain('log end');
      expect(file.redactions).toBe(1);
    } finally {
      await store.dispose();
    }
  });
});
