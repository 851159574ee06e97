import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBundle } from '../../../electron/core/evidence/bundle/read-bundle';
import { redactText } from '../../../electron/core/evidence/redact/redact-stream';
import { Redactor } from '../../../electron/core/evidence/redact/redactor';
import { corpusCarriers } from '../../helpers/redaction-fuzz-plan';
import { runCli } from '../../helpers/run-cli';

// `collect --files` reads each file into chunks it uses again once redaction, the stored file
// and the bundle's compression are done with them (chunk-pool.ts). A chunk used again too early
// would change a file's bytes after they were hashed, or the compressed copy: every entry of
// the bundle must be the one-thread redaction of its file, and the bundle must verify.
let dir: string;
const names = ['a.log', 'b.log', 'c.log'];
const texts: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rd-chunk-reuse-'));
  const corpus = (await corpusCarriers()).map((c) => c.text).join('');
  const big = corpus.repeat(Math.ceil((3 << 20) / corpus.length));
  // Different files, several MiB each, with the corpus's secrets all through them.
  texts.push(big, big.split('\n').reverse().join('\n'), corpus.repeat(3));
  await mkdir(join(dir, 'logs'));
  for (const [i, name] of names.entries()) await writeFile(join(dir, 'logs', name), texts[i]!);
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('collect --files and the chunks it uses again', () => {
  it('bundles each file byte for byte as redacted on one thread, and the bundle verifies', async () => {
    const bundle = join(dir, 'bundle.zip');
    const collected = await runCli(['collect', '--files', join(dir, 'logs'), '--out', bundle, '--json'], { timeoutMs: 240_000 });
    expect(collected.stderr).toBe('');
    const verified = await runCli(['bundle', 'verify', bundle], { timeoutMs: 60_000 });
    expect(verified.code).toBe(0);
    // The files are stored in name order, with one redactor: placeholders numbered across them.
    const redactor = new Redactor();
    const expected = texts.map((text) => redactText(redactor, Buffer.from(text).toString('latin1')).text);
    const { reader, zip } = await openBundle(bundle);
    try {
      for (const [i, name] of names.entries()) {
        const path = `evidence/files/${name}`;
        const stored = (await buffer(reader.open(path))).toString('latin1');
        expect(stored.length, path).toBe(expected[i]!.length);
        expect(stored === expected[i], `${path} is the one-thread redaction of its file`).toBe(true);
      }
    } finally {
      zip.close();
    }
  }, 300_000);
});
