import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConflictError, FixInputError } from '../../../electron/core/fixes/fix-definition';
import { errorSaid, preflightFailed } from '../../../electron/core/fixes/fix-text';
import { SelectionError } from '../../../electron/core/fixes/selection';
import { UserFacingError } from '../../../electron/core/app/dispatch';
import { localizeCheck, localizeOutcome } from '../../../shared/i18n/fix-text';
import { formatError, formatIn, TEXT_CATALOGS } from '../../../shared/i18n/text';
import { msg, type Message } from '../../../shared/messages';
import { englishLeft } from '../../helpers/english-prose';

const base = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');
const FIX_ERRORS = [...new Set(Object.keys(TEXT_CATALOGS.en.errors).map(base))].filter((k) => k.startsWith('fix.'));

/** The `fix.…` ids spelled out where fixes and the app's Fix step raise their errors. */
function usedIds(): Set<string> {
  const files = [
    ...['electron/core/fixes', 'electron/core/app/fixes'].flatMap((d) => readdirSync(d).filter((e) => e.endsWith('.ts')).map((e) => path.join(d, e))),
    'electron/core/app/handlers/fixes.ts',
  ];
  const used = new Set<string>();
  for (const f of files) for (const m of readFileSync(f, 'utf8').matchAll(/\bmsg\(\s*(?:[^'()]*\?\s*)?'(fix\.[\w.]+)'/g)) used.add(m[1]!);
  // Ids chosen by a condition: msg(cond ? 'fix.a' : 'fix.b', …).
  for (const f of files) for (const m of readFileSync(f, 'utf8').matchAll(/'(fix\.[\w.]+)'\s*:\s*'(fix\.[\w.]+)'/g)) used.add(m[1]!).add(m[2]!);
  return used;
}

describe('errors a fix raises, as message ids', () => {
  it('every id the fixes and the Fix step handlers spell out is in the errors catalog, and every one there is used', () => {
    const used = usedIds();
    expect(used.size).toBeGreaterThan(50);
    expect([...used].filter((k) => !FIX_ERRORS.includes(k))).toEqual([]);
    expect(FIX_ERRORS.filter((k) => !used.has(k))).toEqual([]);
  });

  it('reads as Russian in Russian: no English prose left', () => {
    const problems = FIX_ERRORS.flatMap((key) => {
      const en = TEXT_CATALOGS.en.errors[key] ?? TEXT_CATALOGS.en.errors[`${key}_other`]!;
      const names = [...new Set([...en.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!))];
      const counts = key === 'fix.select.notInPlan' ? [1, 3, 5] : [undefined];
      return counts.flatMap((count) => {
        const params = Object.fromEntries([...names.map((n) => [n, `<${n}>`]), ...(count ? [['count', count]] : [])]);
        return englishLeft(msg(key, params), (m, lang) => formatError(m, lang)) ?? [];
      });
    });
    expect(problems).toEqual([]);
  });

  it('keeps the English that scripts and tests read, word for word', () => {
    expect(new FixInputError(msg('fix.tokenFile.holdsToken', { path: '/tmp/t' })).message).toBe(
      '/tmp/t already holds a token (from an earlier rotation?): finish that one with --resume, or choose a new file',
    );
    expect(new ConflictError(msg('fix.conflict.secret', { namespace: 'ns', name: 's' })).message).toBe('Secret ns/s changed since the plan was made');
    expect(new SelectionError(msg('fix.select.notInPlan', { ids: '"a", "b"', count: 2 })).message).toBe('"a", "b" are not in the plan; --plan lists the plan and item ids to choose from');
    expect(new UserFacingError('not-found', msg('fix.app.planClosed')).message).toBe('That plan is no longer open; plan the fix again.');
  });

  it('a fix error inside an outcome, a check or a rollback text reads in Russian from its id (the fixes catalog words errors too)', () => {
    const conflict = new ConflictError(msg('fix.conflict.configMap', { namespace: 'ns', name: 'cm' }));
    const said = errorSaid(conflict) as Message;
    const outcome = { planId: 'p', fixId: 'f', result: 'failed' as const, message: 'x', changed: [], notChanged: [], messages: { message: msg('outcome.applyFailed', { error: said }) } };
    expect(formatIn(outcome.messages.message, 'en', 'fixes')).toBe('apply failed: ConfigMap ns/cm changed since the plan was made');
    expect(localizeOutcome(outcome, 'ru').message).toBe(`${formatIn(msg('outcome.applyFailed', { error: 'ERR' }), 'ru', 'fixes').replace('ERR', '')}ConfigMap ns/cm изменился после того, как был составлен план`);
    const check = preflightFailed(new FixInputError(msg('fix.input.needsGitlab'))).checks[0]!;
    expect(check).toMatchObject({ name: 'preflight', ok: false, detail: 'this fix needs the GitLab API: pass --gitlab-url' });
    expect(localizeCheck(check, 'ru').detail).toBe('этому исправлению нужен GitLab API: укажите --gitlab-url');
    // An error without an id (a library's own sentence) stays as it came.
    expect(preflightFailed(new Error('socket hang up')).checks[0]).toMatchObject({ detail: 'socket hang up', messages: { name: { key: 'check.preflight' } } });
  });

  it('a fix error may quote a fix text (a token kind, where the token is kept): the errors catalog words fixes texts too', () => {
    const m = msg('fix.rotate.currentRejected', { hint: msg('token.hint', { kind: msg('token.kind.runner-authentication-token'), last4: 'abcd' }) });
    expect(formatError(m)).toMatch(/^GitLab rejects the runner's current token \(runner authentication token \(glrt-\) …abcd\)/);
    expect(formatError(m, 'ru')).toMatch(/^GitLab отвергает текущий токен раннера \(токен аутентификации раннера \(glrt-\) …abcd\)/);
  });
});
