import { describe, expect, it } from 'vitest';
import type { FixDefinition, FixPlan } from '../../../electron/core/fixes/fix-definition';
import { keepItems, SelectionError, selectPlans } from '../../../electron/core/fixes/selection';

// The selection rule every caller uses (CLI --only/--exclude, the app's ticks): ids are plan ids
// or item ids; the result keeps the user's choice on the plan.
type Data = { names: string[] };
const planOf = (planId: string, names: string[] | undefined): FixPlan<Data> => ({
  planId,
  fixId: 'delete-orphaned-job-secrets',
  findingId: 'orphaned-job-secrets',
  title: planId,
  target: { label: planId },
  changes: (names ?? [planId]).map((n) => `change ${n}`),
  calls: [],
  notes: [],
  rollback: { possible: false, how: '' },
  ...(names ? { items: names.map((n) => ({ id: n, label: n, reason: 'r' })) } : {}),
  data: { names: names ?? [] },
});
const def = {
  narrow: (plan: FixPlan<Data>, keep: readonly string[]) => {
    const names = plan.data.names.filter((n) => keep.includes(n));
    return names.length ? planOf(plan.planId, names) : undefined;
  },
} as unknown as FixDefinition<Data>;
const ids = (plans: FixPlan<Data>[]) => plans.map((p) => [p.planId, p.items?.map((i) => i.id) ?? [], p.leftOut ?? []]);

describe('selectPlans', () => {
  const plans = [planOf('ns-a', ['s1', 's2', 's3']), planOf('ns-b', ['s4']), planOf('job-7', undefined)];

  it('with no selection keeps every plan as it is', () => {
    expect(selectPlans(def, plans, { only: [], exclude: [] })).toEqual(plans);
  });

  it('--exclude drops items and whole plans, recording the items left out', () => {
    expect(ids(selectPlans(def, plans, { only: [], exclude: ['s2', 'job-7'] }))).toEqual([
      ['ns-a', ['s1', 's3'], ['s2']],
      ['ns-b', ['s4'], []],
    ]);
  });

  it('--only keeps the plans named whole and narrows plans to the items named', () => {
    expect(ids(selectPlans(def, plans, { only: ['s3', 'job-7'], exclude: [] }))).toEqual([
      ['ns-a', ['s3'], ['s1', 's2']],
      ['job-7', [], []],
    ]);
  });

  it('a plan whose every item is left out is dropped; nothing left at all is refused', () => {
    expect(ids(selectPlans(def, plans, { only: [], exclude: ['s4'] })).map(([id]) => id)).toEqual(['ns-a', 'job-7']);
    expect(() => selectPlans(def, plans, { only: ['s4'], exclude: ['s4'] })).toThrow(/^--only and --exclude leave nothing to fix$/);
  });

  it('an unknown id is refused, naming it', () => {
    expect(() => selectPlans(def, plans, { only: [], exclude: ['s9', 's1'] })).toThrow(/^"s9" is not in the plan; --plan lists the plan and item ids to choose from$/);
  });
});

describe('keepItems', () => {
  it('adds to what was left out before, and refuses an id not in the plan', () => {
    const once = keepItems(def, planOf('ns-a', ['s1', 's2', 's3']), ['s1', 's2'])!;
    expect(keepItems(def, once, ['s1'])!.leftOut).toEqual(['s3', 's2']);
    expect(() => keepItems(def, once, ['s3'])).toThrow(SelectionError);
    expect(keepItems(def, once, [])).toBeUndefined();
  });
});
