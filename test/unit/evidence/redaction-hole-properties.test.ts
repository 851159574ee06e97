import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Redactor } from '../../../electron/core/evidence/redact/redactor';
import { redactText } from '../../../electron/core/evidence/redact/redact-stream';
import { base64Config, byCommand, escapedToken, goHeader, multiLine, readable, secretKind, type Case } from './hole-samples';
import { redactChunked } from './secret-samples';

/**
 * Each family of secrets that once reached a bundle: a random secret, written in random
 * surrounding syntax, redacted whole and cut into random chunks. The secret (and each half of
 * it, for values split over lines) must be gone, and every counted redaction left a placeholder.
 */
const RUNS = 80;


const placeholders = (s: string) => (s.match(/\[REDACTED [^\]]+\]/g) ?? []).length;

async function holds(c: Case, cuts: number[]): Promise<void> {
  const whole = redactText(new Redactor(), c.text);
  const chunked = await redactChunked(c.text, cuts);
  for (const result of [whole, chunked]) {
    const out = { text: readable(result.text), count: result.count };
    for (const s of c.secrets) if (out.text.includes(s)) throw new Error(`survived: ${JSON.stringify(s)}\n${c.text}\n→\n${out.text}`);
    expect(out.count).toBeGreaterThan(0);
    // A counted redaction is a placeholder where a value was: never a bracket or a quote replaced.
    expect(placeholders(out.text)).toBeGreaterThanOrEqual(1);
    expect(out.count).toBeLessThanOrEqual(placeholders(out.text) - placeholders(readable(c.text)) + 1);
  }
  expect(chunked.text).toBe(whole.text);
}

function family(name: string, cases: fc.Arbitrary<Case>): void {
  it(name, async () => {
    await fc.assert(fc.asyncProperty(cases, fc.array(fc.nat(), { maxLength: 8 }), holds), { numRuns: RUNS });
  });
}

describe('redaction holes: every family is removed whatever the syntax and chunking', () => {
  family('Go http.Header dumps (JSON, indented JSON, fmt)', goHeader);
  family('tokens with an escape inside (\\u, %XX, \\x) under names that do not look secret', escapedToken);
  family('values over several lines (YAML quoted with \\, folded, TOML """, shell)', multiLine);
  family('secrets by command and assignment (-t, -r, -pX, sshpass, docker login, DB_PASS=)', byCommand);
  family('base64 blobs holding a config.toml with tokens', base64Config);
  family('Secret data whatever the spelling of its kind', secretKind);
});
