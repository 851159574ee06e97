import type { FixOutcome, FixPlanView, PreflightView } from '../../shared/fixes';

const indent = (text: string, pad: string) => text.replace(/\n$/, '').split('\n').map((l) => `${pad}${l}`).join('\n');

/** A fix plan for people: what changes, the exact calls, the diff, and the preflight (dry-run) result. */
export function formatPlan(plan: FixPlanView, preflight: PreflightView | undefined, n: number, of: number): string {
  const out = [`Plan ${n} of ${of}: ${plan.title}   [${plan.fixId} for ${plan.findingId}]`, `  target: ${plan.target.label}`, '  changes:'];
  for (const c of plan.changes) out.push(`    - ${c}`);
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
  for (const c of o.changed) out.push(`  changed: ${c}`);
  for (const c of o.notChanged) out.push(`  not changed: ${c}`);
  if (o.nextStep) out.push(`  next: ${o.nextStep}`);
  return out.join('\n') + '\n';
}
