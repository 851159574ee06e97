import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONTRACT_FINDING_IDS, sortFindings, type Finding } from '../../../shared/findings';

const finding = (id: string, severity: Finding['severity'] = 'error') => ({ id, severity }) as Finding;
const localeOrder = (ids: string[]) => [...ids].sort((a, b) => a.localeCompare(b));

describe('sortFindings', () => {
  it('orders finding ids as localeCompare does', () => {
    const ids = [...CONTRACT_FINDING_IDS].reverse();
    expect(sortFindings(ids.map((id) => finding(id))).map((f) => f.id)).toEqual(localeOrder(ids));
  });

  it('orders any lower-case, digit and hyphen ids as localeCompare does, and others too', () => {
    const plain = fc.stringMatching(/^[a-z0-9-]{0,8}$/);
    const any = fc.oneof(plain, fc.string({ maxLength: 6 }));
    fc.assert(
      fc.property(fc.array(any, { maxLength: 12 }), (ids) => {
        expect(sortFindings(ids.map((id) => finding(id))).map((f) => f.id)).toEqual(localeOrder(ids));
      }),
    );
  });

  it('puts the most severe first', () => {
    const sorted = sortFindings([finding('a', 'info'), finding('b', 'warning'), finding('c', 'error')]);
    expect(sorted.map((f) => f.id)).toEqual(['c', 'b', 'a']);
  });
});
