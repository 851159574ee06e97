import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { writeBundle } from '../../electron/core/evidence/bundle/write-bundle';
import { EvidenceStore } from '../../electron/core/evidence/store';
import { bundleMembers } from '../helpers/bundle-bytes';
import { FUZZ_RUNS, FUZZ_SEED, corpusCarriers, fuzzPlan, plantedFile, type Carrier } from '../helpers/redaction-fuzz-plan';
import { readable } from '../unit/evidence/hole-samples';

/**
 * Real evidence files from the analysis corpus with random secrets planted at random lines,
 * some gzipped as logrotate leaves them, collected and written as a bundle: no planted secret
 * may be in any byte of it (members inflated, base64 decoded).
 */
let carriers: Carrier[] = [];
let dir: string;

beforeAll(async () => {
  carriers = await corpusCarriers();
  dir = await mkdtemp(join(tmpdir(), 'rd-fuzz-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('fuzz: planted secrets never reach any byte of a bundle', () => {
  it(`${FUZZ_RUNS} bundles from real files with planted secrets (seed ${FUZZ_SEED})`, async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fuzzPlan, async (plants) => {
        const store = await EvidenceStore.create();
        const out = join(dir, `b${n++}.zip`);
        try {
          const secrets: string[] = [];
          for (const [i, p] of plants.entries()) {
            const file = plantedFile(carriers, p, i);
            secrets.push(...file.secrets);
            await store.add({ path: file.path, source: 'files:fuzz', content: p.gzip ? gzipSync(file.text) : file.text });
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
      { numRuns: FUZZ_RUNS, seed: FUZZ_SEED },
    );
  }, 600_000);
});
