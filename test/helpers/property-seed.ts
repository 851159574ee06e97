import fc from 'fast-check';

/**
 * Every property test runs with one fixed seed, so `npm test` and CI see the same cases each
 * run. `FUZZ_SEED=<n>` replays or explores another seed (`npm run fuzz:properties` picks a
 * fresh one); fast-check prints the seed of a failing run.
 */
export const PROPERTY_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 20261206;

fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: PROPERTY_SEED });
