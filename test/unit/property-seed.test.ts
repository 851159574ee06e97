import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROPERTY_SEED } from '../helpers/property-seed';

describe('property tests are repeatable', () => {
  it('a property without its own seed sees the same cases on every run', () => {
    const run = () => {
      const seen: string[] = [];
      fc.assert(
        fc.property(fc.string(), (s) => {
          seen.push(s);
        }),
        { numRuns: 20 },
      );
      return seen;
    };
    expect(fc.readConfigureGlobal().seed).toBe(PROPERTY_SEED);
    expect(run()).toEqual(run());
  });
});
