import { parseArgs } from 'node:util';
import { findingsStillShown, type AutomatedFixId, type Finding } from '../../../shared/findings';
import { FINDING_IDS } from '../../core/diagnosis/analyzers';
import type { FixChoices, FixOutcome, FixPlanView, NewRunnerChoices, PreflightView } from '../../../shared/fixes';
import { collectSession } from '../../core/app/collect-session';
import type { CollectPlan } from '../../core/collect/collect';
import { collectFacts } from '../../core/diagnosis/analyze';
import { FixConnections } from '../../core/fixes/connections';
import { FixInputError, type FixContext, type FixPlan } from '../../core/fixes/fix-definition';
import { planView, rollbackFix, runFix } from '../../core/fixes/lifecycle';
import { preflightFailed } from '../../core/fixes/fix-text';
import { errorText } from '../../../shared/messages';
import { isCancelled } from '../../core/util/abort';
import { loadRollbacks } from '../../core/fixes/rollback-store';
import { openGivenTokenFile, openTokenFile, type TokenStore } from '../../core/fixes/token-file';
import { classifyToken } from '../../core/gitlab/tokens';
import { automatedFixOf, FIXES, TOKEN_FIXES } from '../../core/fixes/registry';
import { SelectionError, selectPlans } from '../../core/fixes/selection';
import { COLLECT_OPTIONS, planFromArgs } from '../collect-plan';
import { formatOutcome, formatPlan, formatPreflight } from '../fix-output';
import { localizeFinding, textFor } from '../../../shared/i18n/text';
import { localizeProgress } from '../../../shared/i18n/fix-text';
import { progressPrinter } from '../output';
import { say, sayJson, warn } from '../terminal';
import { EXIT, UsageError } from '../usage';
import { argsError } from '../args-error';
import { cliLanguage, cliText, errorInLanguage } from '../language';

const { out: _out, demo: _demo, 'verify-runner-tokens': _verify, ...SOURCE_OPTIONS } = COLLECT_OPTIONS;
const FIX_OPTIONS = {
  ...SOURCE_OPTIONS,
  plan: { type: 'boolean' },
  apply: { type: 'boolean' },
  rollback: { type: 'boolean' },
  yes: { type: 'boolean' },
  target: { type: 'string' },
  only: { type: 'string', multiple: true },
  exclude: { type: 'string', multiple: true },
  'token-file': { type: 'string' },
  resume: { type: 'boolean' },
  'runner-token-file': { type: 'string' },
  'runner-type': { type: 'string' },
  'group-id': { type: 'string' },
  'project-id': { type: 'string' },
  tags: { type: 'string' },
  description: { type: 'string' },
  'run-untagged': { type: 'string' },
} as const;

const RUNNER_TYPES = ['instance', 'group', 'project'] as const;

/** --runner-type, --group-id, --project-id, --tags, --description, --run-untagged: what a created runner is; unset ones are copied. */
function newRunnerChoices(values: { [k: string]: string | boolean | string[] | undefined }): FixChoices {
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const id = (k: string) => {
    const v = str(k);
    if (v !== undefined && !/^\d+$/.test(v)) throw new UsageError(cliText()('fix.numericId', { flag: k, value: JSON.stringify(v) }));
    return v === undefined ? undefined : Number(v);
  };
  const type = str('runner-type')?.replace(/_type$/, '');
  if (type !== undefined && !(RUNNER_TYPES as readonly string[]).includes(type)) throw new UsageError(cliText()('fix.runnerType', { types: RUNNER_TYPES.join(', ') }));
  const untagged = str('run-untagged');
  if (untagged !== undefined && untagged !== 'true' && untagged !== 'false') throw new UsageError(cliText()('fix.runUntagged'));
  const groupId = id('group-id');
  const projectId = id('project-id');
  const tags = str('tags');
  const description = str('description');
  const choices: NewRunnerChoices = {
    ...(type ? { runnerType: `${type}_type` as NewRunnerChoices['runnerType'] } : {}),
    ...(groupId !== undefined ? { groupId } : {}),
    ...(projectId !== undefined ? { projectId } : {}),
    ...(tags !== undefined ? { tags: tags.split(',').map((t) => t.trim()).filter(Boolean) } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(untagged !== undefined ? { runUntagged: untagged === 'true' } : {}),
  };
  return Object.keys(choices).length ? { newRunner: choices } : {};
}

interface PlannedFix {
  plan: FixPlanView;
  preflight?: PreflightView;
  outcome?: FixOutcome;
}

/** Read-only: collect with the user's sources and analyze, as `collect` does. */
async function diagnose(sources: CollectPlan, signal: AbortSignal) {
  const progress = progressPrinter(process.stderr.isTTY);
  const { session } = await collectSession(sources, { signal, onProgress: progress }).finally(progress.finish);
  return session;
}

/** `fix FINDING_ID --rollback --yes`: restores what every kept applied plan of that finding changed, newest first. */
async function rollbackCommand(findingId: string, sources: CollectPlan, yes: boolean, json: boolean): Promise<number> {
  const plans = await loadRollbacks(findingId);
  if (!plans.length) throw new UsageError(cliText()('fix.nothingToRollBack', { finding: findingId }));
  const defs = plans.map((plan) => {
    const def = FIXES[plan.fixId as AutomatedFixId];
    if (!def) throw new UsageError(cliText()('fix.unknownFix', { fix: plan.fixId }));
    return def;
  });
  if (!yes) {
    for (const [i, plan] of plans.entries()) say(formatPlan(planView(plan), undefined, i + 1, plans.length, cliLanguage()));
    warn(`runner-doctor: ${cliText()('fix.notRolledBack')}
`);
    return EXIT.usage;
  }
  const connections = new FixConnections(sources);
  try {
    const outcomes = [];
    // One after the other: each checks its own preconditions, and one refused leaves the others to run.
    for (const [i, plan] of plans.entries()) {
      const outcome = await rollbackFix(defs[i]!, plan, connections, {}, new AbortController().signal);
      outcomes.push(outcome);
      if (!json) say(formatOutcome(outcome, cliLanguage()));
    }
    // `rollback` as before (the newest plan's outcome); `rollbacks` has every plan's.
    if (json) sayJson({ findingId, fixId: plans[0]!.fixId, rollback: outcomes[0], rollbacks: outcomes });
    return outcomes.every((o) => o.result === 'rolled-back') ? EXIT.ok : EXIT.findings;
  } finally {
    await connections.close();
  }
}

/**
 * `fix FINDING_ID`: collect (read-only), plan the finding's automated fix from fresh reads,
 * preflight it (permissions, server-side dry run) and print it; with --apply --yes apply it,
 * verify it, record every step in audit.jsonl, and collect again to show the finding gone.
 */
export async function fixCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: FIX_OPTIONS, allowPositionals: true });
  } catch (err) {
    throw argsError(err);
  }
  const { values, positionals } = parsed;
  const text = cliText();
  const findingId = positionals[0];
  if (!findingId || positionals.length > 1) throw new UsageError(text('fix.needsFinding'));
  if (!(FINDING_IDS as readonly string[]).includes(findingId)) throw new UsageError(text('fix.unknownFinding', { id: JSON.stringify(findingId), ids: FINDING_IDS.join(', ') }));
  if ([values.plan, values.apply, values.rollback].filter(Boolean).length > 1) throw new UsageError(text('fix.oneMode'));
  if (values.yes && !values.apply && !values.rollback) throw new UsageError(text('fix.yesWith'));
  if (!values['kube-context']?.length && !values['gitlab-url'] && !values.ssh?.length && !values.files?.length) {
    throw new UsageError(text('fix.needsSources'));
  }
  if (values.resume && !values.apply && !values.plan) throw new UsageError(text('fix.resumeWith'));
  if (values.resume && !values['token-file']) throw new UsageError(text('fix.resumeNeedsFile'));
  if (values['runner-token-file'] && (values['token-file'] || values.resume)) throw new UsageError(text('fix.runnerTokenAlone'));
  const selection = { only: values.only ?? [], exclude: values.exclude ?? [] };
  if (values.rollback && (selection.only.length || selection.exclude.length)) throw new UsageError(text('fix.selectionNotRollback'));
  const choices = newRunnerChoices(values);
  const sources = await planFromArgs(values);
  let tokenStore: TokenStore | undefined;
  // Opening reads only: --plan shows the file in its preflight, and a file that would be refused is refused now.
  if ((values['token-file'] || values['runner-token-file']) && !values.rollback) {
    try {
      tokenStore = values['runner-token-file']
        ? await openGivenTokenFile(values['runner-token-file'], (t) => classifyToken(t).kind === 'runner-authentication-token')
        : await openTokenFile(values['token-file']!, values.resume === true);
    } catch (err) {
      if (err instanceof FixInputError) throw new UsageError(errorInLanguage(err));
      throw err;
    }
  }
  if (values.rollback) return rollbackCommand(findingId, sources, values.yes === true, values.json === true);

  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  const connections = new FixConnections(sources, tokenStore);
  try {
    const session = await diagnose(sources, controller.signal);
    let findings: Finding[];
    let facts;
    try {
      findings = session.analysis.findings.filter((f) => f.id === findingId);
      facts = await collectFacts(session.reader, controller.signal);
    } finally {
      await session.dispose();
    }
    const json = values.json ?? false;
    // Text output in the chosen language (--lang, the locale); --json keeps the English fields scripts read.
    const lang = cliLanguage();
    const t = textFor(lang, 'fixes');
    const print = (text: string) => {
      if (!json) say(text);
    };
    const fixId = findings.map(automatedFixOf).find((x) => x !== undefined);
    if (findings.length === 0) {
      if (json) sayJson({ findingId, fixId: null, plans: [], message: 'finding not present' });
      print(`${t('out.notFound', { finding: findingId })}\n`);
      return EXIT.ok;
    }
    if (!fixId) {
      const advice = localizeFinding(findings[0]!, lang).fixes.map((f) => `  ${f.title}${f.manual ? ` — ${f.manual}` : ''}`).join('\n');
      if (json) sayJson({ findingId, fixId: null, plans: [], message: 'no automated fix is called for' });
      print(`${t('out.noAutomatedFix', { finding: findingId })}\n${advice}\n`);
      return EXIT.findings;
    }
    if (TOKEN_FIXES.has(fixId) && values.apply && !tokenStore) {
      throw new UsageError(text('fix.needsTokenFile', { fix: fixId, killsOld: fixId === 'rotate-runner-token' ? text('fix.killsOld') : '' }));
    }
    const def = FIXES[fixId];
    const ctx: FixContext = { connections, signal: controller.signal, changed: () => undefined, progress: () => undefined };
    let plans: FixPlan<never>[];
    try {
      plans = await def.plan({ findings: findings.filter((f) => automatedFixOf(f) === fixId), facts, target: values.target, choices }, ctx);
    } catch (err) {
      // What was missing, or a target that failed while the plan was read (its words carry an id): one line, not an internal error.
      if (err instanceof FixInputError || (errorText(err) && !isCancelled(err))) throw new UsageError(text('fix.cannotPlan', { fix: fixId, message: errorInLanguage(err) }));
      throw err;
    }
    if (plans.length === 0) {
      print(`${values.target ? t('out.nothingLeftFor', { finding: findingId, target: values.target }) : t('out.nothingLeft', { finding: findingId })}\n`);
      if (json) sayJson({ findingId, fixId, plans: [] });
      return EXIT.ok;
    }
    try {
      plans = selectPlans(def, plans, selection);
    } catch (err) {
      if (err instanceof SelectionError) throw new UsageError(`${fixId}: ${errorInLanguage(err)}`);
      throw err;
    }
    const report: PlannedFix[] = plans.map((p) => ({ plan: planView(p) }));

    let code: number = EXIT.ok;
    if (!values.apply) {
      for (const [i, p] of plans.entries()) {
        const preflight = await def.preflight(p, ctx).catch(preflightFailed);
        report[i]!.preflight = preflight;
        if (!preflight.ok) code = EXIT.findings;
        print(formatPlan(report[i]!.plan, preflight, i + 1, plans.length, lang));
      }
      print(`${t('out.nothingChanged')}\n`);
    } else {
      for (const [i, p] of plans.entries()) {
        print(formatPlan(report[i]!.plan, undefined, i + 1, plans.length, lang));
        const outcome = await runFix(def, p, connections, {
          confirm: async (plan, preflight, again) => {
            report[i]!.preflight = preflight;
            print(`${formatPreflight(preflight, lang)}\n`);
            if (again) print(formatPlan(plan, preflight, i + 1, plans.length, lang));
            // --yes is the yes for the plan printed above; a plan changed by a conflict needs a new one.
            return values.yes === true && !again;
          },
          onProgress: (e) => {
            if (process.stderr.isTTY) warn(`[${e.step} ${e.state}] ${localizeProgress(e, lang).message}\n`);
          },
        }, controller.signal);
        report[i]!.outcome = outcome;
        print(formatOutcome(outcome, lang));
        if (outcome.result !== 'applied' || !outcome.verified) code = EXIT.findings;
        if (!values.yes) break;
      }
      if (!values.yes) {
        warn(`runner-doctor: ${text('fix.notApplied')}\n`);
        code = EXIT.usage;
      }
    }

    let remaining: Finding[] | undefined;
    if (values.apply && values.yes && report.some((r) => r.outcome?.result === 'applied')) {
      const after = await diagnose(sources, controller.signal);
      try {
        remaining = findingsStillShown(after.analysis.findings, findings.filter((f) => automatedFixOf(f) === fixId));
      } finally {
        await after.dispose();
      }
      print(`${remaining.length ? t('out.stillShows', { finding: findingId, titles: remaining.map((f) => localizeFinding(f, lang).title).join('; ') }) : t('out.noLongerShows', { finding: findingId })}\n`);
      if (remaining.length) code = EXIT.findings;
    }
    if (json) {
      sayJson({ findingId, fixId, plans: report, ...(remaining ? { after: { stillPresent: remaining.map((f) => ({ id: f.id, title: f.title, subject: f.subject })) } } : {}) });
    }
    return code;
  } finally {
    process.removeListener('SIGINT', onSigint);
    await connections.close();
  }
}
