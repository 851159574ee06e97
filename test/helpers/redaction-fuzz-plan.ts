import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { holeSample, type Case } from '../unit/evidence/hole-samples';
import { SYNTAXES, headerSample, keyedSample } from '../unit/evidence/secret-samples';

/**
 * The redaction fuzz set: real evidence files from the analysis corpus with random secrets
 * planted at random lines, some gzipped as logrotate leaves them. A fixed seed keeps `npm test`
 * repeatable; `npm run fuzz:redaction` runs it longer with a fresh seed (FUZZ_RUNS, FUZZ_SEED).
 */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 12);
export const FUZZ_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 20261206;
const CORPUS = join(__dirname, '../fixtures/cases');

export interface Carrier {
  path: string;
  text: string;
}

async function walk(d: string, out: string[]): Promise<void> {
  for (const e of await readdir(d, { withFileTypes: true })) {
    const full = join(d, e.name);
    if (e.isDirectory()) await walk(full, out);
    else if (e.isFile() && full.includes('/evidence/')) out.push(full);
  }
}

/** Every evidence file of the corpus, in a stable order. */
export async function corpusCarriers(): Promise<Carrier[]> {
  const files: string[] = [];
  await walk(CORPUS, files);
  return Promise.all(files.sort().map(async (f) => ({ path: relative(CORPUS, f), text: await readFile(f, 'utf8') })));
}

const planted: fc.Arbitrary<Case> = fc.oneof(
  holeSample,
  fc.tuple(keyedSample, fc.constantFrom(...Object.values(SYNTAXES))).map(([s, render]) => ({ text: render(s.name, s.value) + '\n', secrets: [s.secret] })),
  headerSample.map(({ v, form }) => ({ text: form(v) + '\n', secrets: [v] })),
);

export const fuzzPlan = fc.array(fc.record({ carrier: fc.nat(), line: fc.nat(), secret: planted, gzip: fc.boolean() }), { minLength: 1, maxLength: 8 });

export type Plant = typeof fuzzPlan extends fc.Arbitrary<(infer P)[]> ? P : never;

/** One planted file: the carrier's text with the secret at the planned line, and its bundle path. */
export function plantedFile(carriers: readonly Carrier[], p: Plant, i: number): { path: string; text: string; secrets: string[] } {
  const carrier = carriers[p.carrier % carriers.length] as Carrier;
  const lines = carrier.text.split('\n');
  const at = p.line % (lines.length + 1);
  const text = [...lines.slice(0, at), p.secret.text.replace(/\n$/, ''), ...lines.slice(at)].join('\n');
  return { path: `files/${i}/${carrier.path}${p.gzip ? '.gz' : ''}`, text, secrets: p.secret.secrets };
}
