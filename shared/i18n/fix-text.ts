import type { FixOutcome, FixPlanView, FixProgress, PreflightCheck, PreflightView } from '../fixes';
import type { Message } from '../messages';
import type { Language } from './languages';
import { formatIn } from './text';

/**
 * Fix plans, preflight checks, progress and outcomes in a language, from their message ids
 * (catalog `fixes`). English is what the fixes wrote; a text without an id stays as written
 * (a server's error message, a plan from an older version).
 */
const say = (m: Message | undefined, lang: Language, fallback: string): string => (m ? formatIn(m, lang, 'fixes') : fallback);

/** Each text of a list from its message where the messages match the list one to one. */
const sayAll = (ms: readonly Message[] | undefined, lang: Language, fallback: readonly string[]): string[] =>
  ms && ms.length === fallback.length ? ms.map((m) => formatIn(m, lang, 'fixes')) : [...fallback];

export function localizePlan(plan: FixPlanView, lang: Language): FixPlanView {
  const m = plan.messages;
  if (lang === 'en' || !m) return plan;
  return {
    ...plan,
    title: say(m.title, lang, plan.title),
    target: { ...plan.target, label: say(m.target, lang, plan.target.label) },
    changes: sayAll(m.changes, lang, plan.changes),
    notes: sayAll(m.notes, lang, plan.notes),
    ...(plan.callsNote ? { callsNote: say(m.callsNote, lang, plan.callsNote) } : {}),
    rollback: { ...plan.rollback, how: say(m.rollbackHow, lang, plan.rollback.how) },
    ...(plan.items ? { items: plan.items.map((i) => ({ ...i, reason: say(i.messages?.reason, lang, i.reason) })) } : {}),
  };
}

export function localizeCheck(check: PreflightCheck, lang: Language): PreflightCheck {
  const m = check.messages;
  if (lang === 'en' || !m) return check;
  return { ...check, name: say(m.name, lang, check.name), detail: say(m.detail, lang, check.detail) };
}

export function localizePreflight(preflight: PreflightView, lang: Language): PreflightView {
  return lang === 'en' ? preflight : { ...preflight, checks: preflight.checks.map((c) => localizeCheck(c, lang)) };
}

export function localizeOutcome(outcome: FixOutcome, lang: Language): FixOutcome {
  const m = outcome.messages;
  if (lang === 'en') return outcome;
  return {
    ...outcome,
    ...(m
      ? {
          message: say(m.message, lang, outcome.message),
          changed: sayAll(m.changed, lang, outcome.changed),
          notChanged: sayAll(m.notChanged, lang, outcome.notChanged),
          ...(outcome.nextStep ? { nextStep: say(m.nextStep, lang, outcome.nextStep) } : {}),
        }
      : {}),
    ...(outcome.replanned ? { replanned: localizePlan(outcome.replanned, lang) } : {}),
  };
}

export function localizeProgress(progress: FixProgress, lang: Language): FixProgress {
  return lang === 'en' || !progress.text ? progress : { ...progress, message: say(progress.text, lang, progress.message) };
}
