import type { FixOutcome, FixPlanView, PreflightView } from '../../shared/fixes';
import { localizeOutcome, localizePlan, localizePreflight } from '../../shared/i18n/fix-text';
import type { Language } from '../../shared/i18n/languages';
import { textFor } from '../../shared/i18n/text';

const indent = (text: string, pad: string) => text.replace(/\n$/, '').split('\n').map((l) => `${pad}${l}`).join('\n');

/** Long lists (a hundred Secrets) show their first lines and a count; --json has them all. */
const SHOWN = 10;
function listed(label: string, items: readonly string[], lang: Language): string[] {
  const t = textFor(lang, 'fixes');
  const out = items.slice(0, SHOWN).map((c) => `  ${label}: ${c}`);
  if (items.length > SHOWN) out.push(`  ${label}: ${t('out.andMore', { n: items.length - SHOWN })}`);
  return out;
}

/** The preflight (dry-run) result: passed or not, then each check. */
export function formatPreflight(given: PreflightView, lang: Language = 'en'): string {
  const t = textFor(lang, 'fixes');
  const preflight = localizePreflight(given, lang);
  return [
    `  ${t(preflight.ok ? 'out.preflightPassed' : 'out.preflightFailed')}`,
    ...preflight.checks.map((c) => `    ${t(c.ok ? 'out.checkOk' : 'out.checkNo', { name: c.name, detail: c.detail })}`),
  ].join('\n');
}

/** A fix plan for people: what changes, the exact calls, the diff, and the preflight (dry-run) result. */
export function formatPlan(given: FixPlanView, preflight: PreflightView | undefined, n: number, of: number, lang: Language = 'en'): string {
  const t = textFor(lang, 'fixes');
  const plan = localizePlan(given, lang);
  const out = [t('out.planHeader', { n, of, title: plan.title, fixId: plan.fixId, findingId: plan.findingId }), `  ${t('out.target', { target: plan.target.label })}`];
  // Ids to choose with: a plan's own when there are several, every item's (a user picks from all of them).
  if (of > 1) out.push(`  ${t('out.planId', { planId: plan.planId })}`);
  if (plan.items?.length) {
    // The items are the changes, one each; all are listed, as each id is one to choose with.
    out.push(`  ${t('out.items')}`);
    for (const i of plan.items) out.push(`    ${i.id}: ${i.reason}`);
  } else {
    out.push(`  ${t('out.changes')}`);
    for (const c of plan.changes.slice(0, SHOWN * 3)) out.push(`    - ${c}`);
    if (plan.changes.length > SHOWN * 3) out.push(`    ${t('out.moreChanges', { n: plan.changes.length - SHOWN * 3 })}`);
  }
  if (plan.leftOut?.length) out.push(`  ${t('out.leftOut', { items: plan.leftOut.join(', ') })}`);
  out.push(`  ${t('out.calls')}`);
  for (const c of plan.calls) out.push(`    ${c}`);
  if (plan.callsNote) out.push(`    ${plan.callsNote}`);
  if (plan.diff) out.push(`  ${t('out.diff')}`, indent(plan.diff, '    '));
  for (const note of plan.notes) out.push(`  ${t('out.note', { note })}`);
  out.push(`  ${t(plan.rollback.possible ? 'out.rollback' : 'out.rollbackNo', { how: plan.rollback.how })}`);
  if (plan.typedConfirmation) out.push(`  ${t('out.typed', { name: plan.typedConfirmation })}`);
  if (preflight) out.push(formatPreflight(preflight, lang));
  return out.join('\n') + '\n';
}

export function formatOutcome(given: FixOutcome, lang: Language = 'en'): string {
  const t = textFor(lang, 'fixes');
  const o = localizeOutcome(given, lang);
  // The result word stays as the contract spells it (APPLIED, REFUSED…): scripts look for it.
  const out = [`${o.result.toUpperCase()} ${o.planId}: ${o.message}`];
  out.push(...listed(t('out.changed'), o.changed, lang), ...listed(t('out.notChanged'), o.notChanged, lang));
  if (o.nextStep) out.push(`  ${t('out.next', { next: o.nextStep })}`);
  return out.join('\n') + '\n';
}
