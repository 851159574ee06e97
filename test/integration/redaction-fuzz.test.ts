import { readdir, readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { writeBundle } from '../../electron/core/evidence/bundle/write-bundle';
import { EvidenceStore } from '../../electron/core/evidence/store';
import { bundleMembers } from '../helpers/bundle-bytes';
import { holeSample, readable, type Case } from '../unit/evidence/hole-samples';
import { SYNTAXES, headerSample, keyedSample } from '../unit/evidence/secret-samples';

/**
 * Real evidence files from the analysis corpus with random secrets planted at random lines,
 * some gzipped as logrotate leaves them, collected and written as a bundle: no planted secret
 * may be in any byte of it (members inflated, base64 decoded). A fixed seed keeps `npm test`
 * repeatable; `npm run fuzz:redaction` runs it longer with a fresh seed (FUZZ_RUNS, FUZZ_SEED).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 20261206;
const CORPUS = join(__dirname, '../fixtures/cases');

let carriers: { path: string; text: string }[] = [];
let dir: string;

async function walk(d: string, out: string[]): Promise<void> {
  for (const e of await readdir(d, { withFileTypes: true })) {
    const full = join(d, e.name);
    if (e.isDirectory()) await walk(full, out);
    else if (e.isFile() && full.includes('/evidence/')) out.push(full);
  }
}

beforeAll(async () => {
  const files: string[] = [];
  await walk(CORPUS, files);
  carriers = await Promise.all(files.sort().map(async (f) => ({ path: relative(CORPUS, f), text: await readFile(f, 'utf8') })));
  dir = await mkdtemp(join(tmpdir(), 'rd-fuzz-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const planted: fc.Arbitrary<Case> = fc.oneof(
  holeSample,
  fc.tuple(keyedSample, fc.constantFrom(...Object.values(SYNTAXES))).map(([s, render]) => ({ text: render(s.name, s.value) + '\n', secrets: [s.secret] })),
  headerSample.map(({ v, form }) => ({ text: form(v) + '\n', secrets: [v] })),
);

const plan = fc.array(fc.record({ carrier: fc.nat(), line: fc.nat(), secret: planted, gzip: fc.boolean() }), { minLength: 1, maxLength: 8 });

describe('fuzz: planted secrets never reach any byte of a bundle', () => {
  it(`${RUNS} bundles from real files with planted secrets (seed ${SEED})`, async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(plan, async (plants) => {
        const store = await EvidenceStore.create();
        const out = join(dir, `b${n++}.zip`);
        try {
          const secrets: string[] = [];
          for (const [i, p] of plants.entries()) {
            const carrier = carriers[p.carrier % carriers.length] as { path: string; text: string };
            const lines = carrier.text.split('\n');
            const at = p.line % (lines.length + 1);
            const text = [...lines.slice(0, at), p.secret.text.replace(/\n$/, ''), ...lines.slice(at)].join('\n');
            secrets.push(...p.secret.secrets);
            const path = `files/${i}/${carrier.path}${p.gzip ? '.gz' : ''}`;
            await store.add({ path, source: 'files:fuzz', content: p.gzip ? gzipSync(text) : text });
          }
          await writeBundle(store, [], out);
          const members = await bundleMembers(out);
          for (const [name, data] of members) {
            const visible = readable(data.toString('latin1'));
            for (const s of secrets) if (visible.includes(s)) throw new Error(`${name} holds a planted secret ${JSON.stringify(s)}`);
          }
        } finally {
          await store.dispose();
          await rm(out, { force: true });
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }, 600_000);
});
