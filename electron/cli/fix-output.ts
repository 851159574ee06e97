import type { FixOutcome, FixPlanView, PreflightView } from '../../shared/fixes';

const indent = (text: string, pad: string) => text.replace(/\n$/, '').split('\n').map((l) => `${pad}${l}`).join('\n');

/** Long lists (a hundred Secrets) show their first lines and a count; --json has them all. */
const SHOWN = 10;
function listed(label: string, items: readonly string[]): string[] {
  const out = items.slice(0, SHOWN).map((c) => `  ${label}: ${c}`);
  if (items.length > SHOWN) out.push(`  ${label}: … and ${items.length - SHOWN} more`);
  return out;
}

/** A fix plan for people: what changes, the exact calls, the diff, and the preflight (dry-run) result. */
export function formatPlan(plan: FixPlanView, preflight: PreflightView | undefined, n: number, of: number): string {
  const out = [`Plan ${n} of ${of}: ${plan.title}   [${plan.fixId} for ${plan.findingId}]`, `  target: ${plan.target.label}`];
  // Ids to choose with: a plan's own when there are several, every item's (a user picks from all of them).
  if (of > 1) out.push(`  plan id: ${plan.planId}   (--only/--exclude it to keep or leave out this plan)`);
  if (plan.items?.length) {
    // The items are the changes, one each; all are listed, as each id is one to choose with.
    out.push(`  items (one change each; --only ID keeps only those named, --exclude ID leaves one out, both repeatable):`);
    for (const i of plan.items) out.push(`    ${i.id}: ${i.reason}`);
  } else {
    out.push('  changes:');
    for (const c of plan.changes.slice(0, SHOWN * 3)) out.push(`    - ${c}`);
    if (plan.changes.length > SHOWN * 3) out.push(`    … and ${plan.changes.length - SHOWN * 3} more (--json lists all)`);
  }
  if (plan.leftOut?.length) out.push(`  left out by you: ${plan.leftOut.join(', ')}`);
  out.push('  calls:');
  for (const c of plan.calls) out.push(`    ${c}`);
  if (plan.diff) out.push('  diff:', indent(plan.diff, '    '));
  for (const note of plan.notes) out.push(`  note: ${note}`);
  out.push(`  rollback: ${plan.rollback.possible ? plan.rollback.how : `not possible. ${plan.rollback.how}`}`);
  if (plan.typedConfirmation) out.push(`  confirmation: the app asks you to type "${plan.typedConfirmation}"; here --apply --yes is that confirmation`);
  if (preflight) {
    out.push(`  preflight: ${preflight.ok ? 'passed' : 'FAILED'}`);
    for (const c of preflight.checks) out.push(`    ${c.ok ? 'ok ' : 'NO '} ${c.name}: ${c.detail}`);
  }
  return out.join('\n') + '\n';
}

export function formatOutcome(o: FixOutcome): string {
  const out = [`${o.result.toUpperCase()} ${o.planId}: ${o.message}`];
  out.push(...listed('changed', o.changed), ...listed('not changed', o.notChanged));
  if (o.nextStep) out.push(`  next: ${o.nextStep}`);
  return out.join('\n') + '\n';
}
