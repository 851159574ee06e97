import { describe, expect, it } from 'vitest';
import { AUTOMATED_FIX_IDS, FIX_IDS } from '../../../shared/findings';
import { fix } from '../../../electron/core/diagnosis/finding';

describe('fix advice', () => {
  it.each(AUTOMATED_FIX_IDS)('%s says how to do it by hand until it is automated', (id) => {
    const f = fix(id, 'title');
    expect(f.automated).toBe(true);
    expect(f.manual?.length).toBeGreaterThan(40);
  });

  it('advice-only fixes are not marked automated, and keep the advice they are given', () => {
    for (const id of FIX_IDS.filter((x) => !(AUTOMATED_FIX_IDS as readonly string[]).includes(x))) {
      expect(fix(id, 'title', 'do this')).toEqual({ id, title: 'title', automated: false, manual: 'do this' });
    }
  });
});
