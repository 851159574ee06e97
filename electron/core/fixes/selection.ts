import { FixInputError, type FixDefinition, type FixPlan } from './fix-definition';
import { list, msg } from '../../../shared/messages';

/** What the user chose to fix: item ids or plan ids to keep (`--only`, empty: all) and to leave out (`--exclude`, the app's unticked boxes). */
export interface FixSelection {
  only: readonly string[];
  exclude: readonly string[];
}

/** An id the user named is in none of the plans, or the choice leaves nothing to do: a usage error, not a failed fix. */
export class SelectionError extends FixInputError {
  override name = 'SelectionError';
}

/**
 * The plan keeping only the items in `keep`, dry-run next on exactly those; the items left out
 * are recorded on the plan (and so in the audit log). Undefined when no item is left.
 */
export function keepItems<D>(def: FixDefinition<D>, plan: FixPlan<D>, keep: readonly string[]): FixPlan<D> | undefined {
  if (!plan.items || !def.narrow) throw new SelectionError(msg('fix.select.noItems', { fix: plan.fixId }));
  const known = new Set(plan.items.map((i) => i.id));
  const unknown = keep.find((k) => !known.has(k));
  if (unknown !== undefined) throw new SelectionError(msg('fix.select.notAnItem', { id: JSON.stringify(unknown), plan: plan.planId }));
  const kept = new Set(keep);
  const leftOut = plan.items.filter((i) => !kept.has(i.id)).map((i) => i.id);
  if (leftOut.length === 0) return plan;
  const narrowed = def.narrow(plan, keep);
  return narrowed && { ...narrowed, leftOut: [...(plan.leftOut ?? []), ...leftOut] };
}

/**
 * Applies the user's selection to a fix's plans: an id is a plan's id (the whole plan) or one of
 * its items (a Secret). `only` keeps the plans and items it names; `exclude` drops them. An id in
 * no plan, or a selection that leaves nothing, is refused before anything is dry-run or written.
 */
export function selectPlans<D>(def: FixDefinition<D>, plans: readonly FixPlan<D>[], selection: FixSelection): FixPlan<D>[] {
  const { only, exclude } = selection;
  if (only.length === 0 && exclude.length === 0) return [...plans];
  const itemsOf = (p: FixPlan<D>) => (def.narrow ? (p.items ?? []).map((i) => i.id) : []);
  const known = new Set(plans.flatMap((p) => [p.planId, ...itemsOf(p)]));
  const unknown = [...only, ...exclude].filter((id) => !known.has(id));
  if (unknown.length) {
    throw new SelectionError(msg('fix.select.notInPlan', { ids: list(unknown.map((id) => JSON.stringify(id)), 'comma'), count: unknown.length }));
  }
  const chosen: FixPlan<D>[] = [];
  for (const plan of plans) {
    if (exclude.includes(plan.planId)) continue;
    const items = itemsOf(plan);
    const named = items.filter((id) => only.includes(id));
    if (only.length && !only.includes(plan.planId) && named.length === 0) continue;
    const keep = (named.length ? named : items).filter((id) => !exclude.includes(id));
    const narrowed = items.length ? keepItems(def, plan, keep) : plan;
    if (narrowed) chosen.push(narrowed);
  }
  if (chosen.length === 0) throw new SelectionError(msg('fix.select.nothingLeft'));
  return chosen;
}
