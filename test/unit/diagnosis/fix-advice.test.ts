import { describe, expect, it } from 'vitest';
import { AUTOMATED_FIX_IDS, CONTRACT_FIX_IDS, FIX_IDS } from '../../../shared/findings';
import { fix } from '../../../electron/core/diagnosis/finding';
import { FIXES } from '../../../electron/core/fixes/registry';

describe('fix advice', () => {
  it.each(CONTRACT_FIX_IDS)('%s says how to do it by hand, automated or not', (id) => {
    const f = fix(id, 'title');
    expect(f.automated).toBe((AUTOMATED_FIX_IDS as readonly string[]).includes(id));
    expect(f.manual?.length).toBeGreaterThan(40);
  });

  it('a fix is called automated only when runner-doctor fix has an implementation for it', () => {
    expect(Object.keys(FIXES).sort()).toEqual([...AUTOMATED_FIX_IDS].sort());
  });

  it('advice-only fixes are not marked automated, and keep the advice they are given', () => {
    for (const id of FIX_IDS.filter((x) => !(CONTRACT_FIX_IDS as readonly string[]).includes(x))) {
      expect(fix(id, 'title', 'do this')).toEqual({ id, title: 'title', automated: false, manual: 'do this' });
    }
  });
});
