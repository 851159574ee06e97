import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FixOutcome, FixPlanView } from '../../../shared/fixes';
import { localizeOutcome, localizePlan, localizePreflight } from '../../../shared/i18n/fix-text';
import { TEXT_CATALOGS } from '../../../shared/i18n/text';
import { check, english, msg } from '../../../electron/core/fixes/fix-text';
import { formatOutcome, formatPlan } from '../../../electron/cli/fix-output';
import { tokenHint } from '../../../electron/core/fixes/runner-token-gitlab';
import { classifyToken } from '../../../electron/core/gitlab/tokens';
import { formatIn } from '../../../shared/i18n/text';
import type { Message } from '../../../shared/messages';
import { englishLeft } from '../../helpers/english-prose';

const base = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');
const known = new Set(Object.keys(TEXT_CATALOGS.en.fixes).map(base));

/** Message ids spelled out in these files: msg('…') and the CLI's t('out.…'). */
function usedIds(dirs: string[], files: string[]): Set<string> {
  const used = new Set<string>();
  const read = (file: string) => {
    for (const m of readFileSync(file, 'utf8').matchAll(/\b(?:msg|t)\('([a-zA-Z]+\.[\w.]+)'/g)) used.add(m[1]!);
  };
  for (const d of dirs) for (const e of readdirSync(d)) if (e.endsWith('.ts')) read(path.join(d, e));
  files.forEach(read);
  return used;
}

describe('fix texts in the fixes catalog', () => {
  it('every message id the fixes, the lifecycle, the app handlers and the CLI output spell out exists', () => {
    const used = usedIds([path.resolve('electron/core/fixes')], [path.resolve('electron/core/app/handlers/fixes.ts'), path.resolve('electron/cli/fix-output.ts'), path.resolve('electron/cli/commands/fix.ts')]);
    const fixIds = [...used].filter((k) => /^(plan|check|outcome|next|progress|verify|out|why|token|target|secrets|concurrency|ssh|rollout|configDir|helper|sink|replacePat|rotate|changed|store)\./.test(k));
    expect(fixIds.length).toBeGreaterThan(40);
    expect(fixIds.filter((k) => !known.has(k))).toEqual([]);
  });

  it('reads as Russian in Russian: no English prose left in any text of the catalog', () => {
    // Texts that are the same in every language: a command, a label made of parameters.
    const same = new Set(['out.diff', 'out.checkOk', 'out.checkNo']);
    const format = (m: Message, lang: 'en' | 'ru') => formatIn(m, lang, 'fixes');
    const problems = [...known].flatMap((key) => {
      if (same.has(key)) return [];
      const names = [...new Set([...(TEXT_CATALOGS.en.fixes[key] ?? Object.entries(TEXT_CATALOGS.en.fixes).find(([k]) => base(k) === key)![1]).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!))];
      const counts = names.includes('count') ? [1, 3, 5] : [undefined];
      return counts.flatMap((count) => {
        const params = Object.fromEntries(names.map((n) => [n, n === 'count' ? count! : `<${n}>`]));
        return englishLeft(msg(key, params), format) ?? [];
      });
    });
    expect(problems).toEqual([]);
  });

  it('names a token by its kind and last 4 characters, as the classification words the kind in English', () => {
    for (const t of ['', 'glrt-abcdefgh12345678', 'glrtr-abcdefgh12345678', 'glpat-abcdefgh12345678', 'GR1348941abcdefgh1234', '0123456789abcdef0123', '<your token>', '%%%'])
      expect(tokenHint(t), JSON.stringify(t)).toBe(`${classifyToken(t).label} …${t.trim().slice(-4)}`);
  });

  it('keeps the English that scripts and tests read, word for word', () => {
    expect(english(msg('outcome.notConfirmed'))).toBe('not confirmed; nothing was changed');
    expect(english(msg('outcome.verified', { detail: 'GitLab shows job 7 as "canceled"' }))).toBe('applied and verified: GitLab shows job 7 as "canceled"');
    expect(english(msg('plan.deleteSecrets.title', { count: 1, namespace: 'ci' }))).toBe('Delete 1 orphaned job Secret in ci');
    expect(english(msg('plan.deleteSecrets.title', { count: 3, namespace: 'ci' }))).toBe('Delete 3 orphaned job Secrets in ci');
  });

  const title = msg('plan.cancelJob.title', { jobId: 7, status: 'running' });
  const changes = [msg('plan.cancelJob.change', { jobId: 7, status: 'running' })];
  const notes = [msg('plan.cancelJob.noDryRun'), 'a note a fix wrote without an id'];
  const how = msg('plan.cancelJob.rollback');
  const where = msg('where.job', { jobId: 7, projectId: 42, url: 'https://gitlab.example.com' });
  const plan: FixPlanView = {
    planId: 'cancel-stuck-job:7',
    fixId: 'cancel-stuck-job',
    findingId: 'job-stuck-running',
    title: english(title),
    target: { label: english(where) },
    changes: changes.map(english),
    calls: ['POST /api/v4/projects/42/jobs/7/cancel'],
    notes: [english(notes[0] as never), notes[1] as string],
    rollback: { possible: false, how: english(how) },
    messages: { title, changes, notes: [msg('plan.cancelJob.noDryRun')], rollbackHow: how, target: where },
  };

  it('a plan in Russian: title, target, changes and rollback from their ids; a list whose ids do not match stays English', () => {
    const ru = localizePlan(plan, 'ru');
    expect(plan.target.label).toBe('job 7 in project 42 on https://gitlab.example.com');
    expect(ru.title).toBe('Отменить джобу 7 (сейчас «running»)');
    expect(ru.target.label).toBe('джоба 7 в проекте 42 на https://gitlab.example.com');
    expect(ru.changes).toEqual(['джоба 7: running → canceled, чтобы пайплайн пошёл дальше']);
    expect(ru.rollback.how).toMatch(/^Отменённую джобу нельзя продолжить/);
    expect(ru.notes).toEqual(plan.notes);
    expect(ru.calls).toEqual(plan.calls);
    expect(localizePlan(plan, 'en')).toBe(plan);
  });

  it('preflight checks and an outcome in Russian, with the failed checks named', () => {
    const scope = check(msg('check.scope'), false, msg('check.scope.lacks', { scopes: { list: ['api'], join: 'or' }, have: 'read_api' }));
    expect(scope).toMatchObject({ name: 'token scope', detail: 'the token lacks the api scope (it has read_api)' });
    expect(localizePreflight({ ok: false, checks: [scope] }, 'ru').checks[0]).toMatchObject({ name: 'скоуп токена', detail: 'у токена нет скоупа api (есть: read_api)' });
    const m = msg('outcome.preflightFailed', { checks: { list: [msg('outcome.check', { name: scope.messages!.name!, detail: scope.messages!.detail! })], join: 'semicolon' } });
    const outcome: FixOutcome = { planId: plan.planId, fixId: plan.fixId, result: 'refused', message: english(m), changed: [], notChanged: [], nextStep: english(msg('next.preflightFailed')), messages: { message: m, nextStep: msg('next.preflightFailed') } };
    expect(outcome.message).toBe('preflight failed: token scope: the token lacks the api scope (it has read_api)');
    const ru = localizeOutcome(outcome, 'ru');
    expect(ru.message).toBe('предварительная проверка не пройдена: скоуп токена: у токена нет скоупа api (есть: read_api)');
    expect(ru.nextStep).toMatch(/^Ничего не изменено\./);
  });

  it('the CLI output: English as before, Russian labels and texts with --lang ru, the result word kept', () => {
    const en = formatPlan(plan, { ok: true, checks: [check(msg('check.jobStuck'), true, msg('check.jobStatus', { jobId: 7, status: 'running' }))] }, 1, 1);
    expect(en).toContain('Plan 1 of 1: Cancel job 7 (now "running")   [cancel-stuck-job for job-stuck-running]\n  target: job 7');
    expect(en).toContain('\n  preflight: passed\n    ok  job still stuck: GitLab shows job 7 as "running"\n');
    expect(en).toContain('\n  rollback: not possible. A cancelled job cannot be resumed');
    const ru = formatPlan(plan, { ok: true, checks: [check(msg('check.jobStuck'), true, msg('check.jobStatus', { jobId: 7, status: 'running' }))] }, 1, 1, 'ru');
    expect(ru).toContain('План 1 из 1: Отменить джобу 7 (сейчас «running»)   [cancel-stuck-job для job-stuck-running]\n  цель: джоба 7 в проекте 42');
    expect(ru).toContain('\n  изменения:\n    - джоба 7: running → canceled');
    expect(ru).toContain('\n  предварительная проверка: пройдена\n    ok  джоба всё ещё зависла: GitLab показывает джобу 7 в статусе «running»\n');
    expect(ru).toContain('\n  откат: невозможен. Отменённую джобу нельзя продолжить');
    const done: FixOutcome = { planId: plan.planId, fixId: plan.fixId, result: 'refused', message: english(msg('outcome.notConfirmed')), changed: [], notChanged: ['x'], messages: { message: msg('outcome.notConfirmed') } };
    expect(formatOutcome(done)).toBe('REFUSED cancel-stuck-job:7: not confirmed; nothing was changed\n  not changed: x\n');
    expect(formatOutcome(done, 'ru')).toBe('REFUSED cancel-stuck-job:7: нет подтверждения; ничего не изменено\n  не изменено: x\n');
  });
});
