import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Readable } from 'node:stream';
import { Redactor } from '../../../electron/core/evidence/redact/redactor';
import { RedactStream, redactText } from '../../../electron/core/evidence/redact/redact-stream';
import { PROSE, SYNTAXES, cutInto, dollarSample, redactChunked, headerSample, keyedSample, pemSample, pemSecrets, renderPem } from './secret-samples';

const RUNS = 60;

function redact(text: string): string {
  return redactText(new Redactor(), text).text;
}

async function redactInChunks(text: string, cuts: number[]): Promise<string> {
  return (await redactChunked(text, cuts)).text;
}

describe('redaction properties: random secrets in every syntax are always removed', () => {
  for (const [syntax, render] of Object.entries(SYNTAXES)) {
    it(`${syntax}`, () => {
      fc.assert(
        fc.property(keyedSample, (s) => {
          const input = render(s.name, s.value);
          const out = redact(input);
          if (out.includes(s.secret)) throw new Error(`${s.family} survived in ${syntax}:\n${input}\n→\n${out}`);
          expect(out).toContain('[REDACTED ');
        }),
        { numRuns: RUNS },
      );
    });
  }

  it('secrets holding $ or $( that are not a whole shell expansion, in every syntax', () => {
    fc.assert(
      fc.property(dollarSample, fc.constantFrom(...Object.entries(SYNTAXES)), (s, [syntax, render]) => {
        const input = render(s.name, s.value);
        const out = redact(input);
        for (const part of s.parts) if (out.includes(part)) throw new Error(`survived in ${syntax}:\n${input}\n→\n${out}`);
      }),
      { numRuns: RUNS * 5 },
    );
  });

  it('prefixed tokens, AWS keys, JWTs and base64 PEM are found in running text too', () => {
    const unkeyed = keyedSample.filter((s) => ['gitlab-token', 'aws-access-key', 'jwt', 'pem-base64', 'uri-credentials'].includes(s.family));
    fc.assert(
      fc.property(unkeyed, fc.constantFrom(...Object.values(PROSE)), (s, render) => {
        const out = redact(render(s.value));
        if (out.includes(s.secret)) throw new Error(`${s.family} survived: ${render(s.value)} → ${out}`);
      }),
      { numRuns: RUNS * 4 },
    );
  });

  it('HTTP headers, cookies, curl -u, DSNs and connection strings', () => {
    fc.assert(
      fc.property(headerSample, ({ v, form }) => {
        const out = redact(form(v));
        if (out.includes(v)) throw new Error(`survived: ${form(v)} → ${out}`);
      }),
      { numRuns: RUNS * 4 },
    );
  });

  it('multi-line PEM private keys: raw, YAML block, JSON string, log-prefixed, TOML, CRLF', () => {
    fc.assert(
      fc.property(pemSample, (s) => {
        const input = renderPem(s);
        const out = redact(input);
        for (const line of pemSecrets(s)) if (out.includes(line)) throw new Error(`PEM body survived (${s.form}):\n${out}`);
        expect(out).toMatch(/\[REDACTED private-key #1\]/);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('the same secret gets the same placeholder wherever it recurs', () => {
    fc.assert(
      fc.property(keyedSample, (s) => {
        const r = new Redactor();
        const a = redactText(r, SYNTAXES.toml?.(s.name, s.value) ?? '').text;
        const b = redactText(r, SYNTAXES.jsonLog?.(s.name, s.value) ?? '').text;
        const pa = a.match(/\[REDACTED [^\]]+\]/)?.[0];
        expect(pa).toBeDefined();
        expect(b).toContain(pa);
        expect(JSON.stringify(r.summary())).not.toContain(s.secret);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('redacting again changes nothing', () => {
  it('a redacted text redacted with fresh rules stays byte-identical', () => {
    const docs = fc.oneof(
      fc.tuple(keyedSample, fc.constantFrom(...Object.values(SYNTAXES))).map(([s, render]) => render(s.name, s.value)),
      pemSample.map(renderPem),
      headerSample.map(({ v, form }) => form(v)),
    );
    fc.assert(
      fc.property(fc.array(docs, { minLength: 1, maxLength: 4 }), (parts) => {
        const once = redact(parts.join('\n') + '\n');
        const r = new Redactor();
        const twice = redactText(r, once);
        expect(twice.text).toBe(once);
        expect(twice.count).toBe(0);
      }),
      { numRuns: RUNS * 2 },
    );
  });
});

describe('streaming: the result does not depend on where chunks are cut', () => {
  const documents = fc.oneof(
    fc.tuple(keyedSample, fc.constantFrom(...Object.values(SYNTAXES))).map(([s, render]) => render(s.name, s.value)),
    pemSample.map(renderPem),
  );

  it('matches whole-text redaction for any chunking', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(documents, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 12 }), async (docs, cuts) => {
        const text = docs.join('\n') + '\n';
        const whole = redact(text);
        expect(await redactInChunks(text, cuts)).toBe(whole);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('passes any bytes without a secret through unchanged (UTF-8, latin1, binary)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), fc.array(fc.nat(), { maxLength: 6 }), async (bytes, cuts) => {
        const data = Buffer.from(bytes);
        const redact = new RedactStream(new Redactor());
        const chunks: Buffer[] = [];
        for await (const c of Readable.from(cutInto(data, cuts)).pipe(redact)) chunks.push(c as Buffer);
        if (redact.count === 0) expect(Buffer.concat(chunks).equals(data)).toBe(true);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('splits inside multi-byte characters without damage', async () => {
    const text = 'müll ✓ — 日本語 token = "3f9a0c1e2d4b5a6978877665544332" ✓\n'.repeat(3);
    for (let cut = 1; cut < 40; cut++) expect(await redactInChunks(text, [cut, cut + 57])).toBe(redact(text));
  });
});
