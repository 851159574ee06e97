import { describe, expect, it } from 'vitest';
import { httpError } from '../../../electron/core/gitlab/errors';
import { tokenExpiry } from '../../../electron/core/gitlab/whoami';
import { formatError } from '../../../shared/i18n/text';
import { msg } from '../../../shared/messages';
import { ENGLISH_PROSE, paramValues, prose } from '../../helpers/english-prose';

const base = { method: 'GET', path: '/runners/all', bodyText: '', hadToken: true };

/** The Russian of an error's text, checked for leftover English once the values it quotes are taken out. */
function russian(err: { text?: Parameters<typeof formatError>[0] }): string {
  expect(err.text).toBeDefined();
  const ru = formatError(err.text!, 'ru');
  expect(prose(ru, paramValues(err.text!))).not.toMatch(ENGLISH_PROSE);
  return ru;
}

describe('GitLab HTTP errors in Russian, English unchanged', () => {
  it('a 404 names the role it needs in both languages', () => {
    const err = httpError({ ...base, status: 404, needs: { role: msg('gitlab.role.adminOrAuditor') } });
    expect(err.message).toBe(
      'GET /runners/all: not found (404). It does not exist, or this token\'s user may not see it (this needs an administrator or auditor). GitLab answers 404 rather than 403 for things a user may not see.',
    );
    expect(russian(err)).toBe(
      'GET /runners/all: не найдено (404). Такого нет, или пользователь токена может этого не видеть (для этого нужно: администратор или аудитор). На то, что пользователю не видно, GitLab отвечает 404, а не 403.',
    );
  });

  it('insufficient_scope: the scopes GitLab names joined with "or" in each language; GitLab\'s words kept as they came', () => {
    const err = httpError({ ...base, status: 403, bodyText: JSON.stringify({ error: 'insufficient_scope', scope: 'api read_api sudo' }), tokenScopes: ['read_user'] });
    expect(err.message).toBe(
      'The token lacks a scope that GET /runners/all needs (403 insufficient_scope): it needs api or read_api or sudo. The token has: read_user. Create a token with that scope.',
    );
    expect(russian(err)).toBe(
      'Токену не хватает прав, нужных для GET /runners/all (403 insufficient_scope): нужно api или read_api или sudo. У токена есть: read_user. Создайте токен с этими правами.',
    );
    const forbidden = httpError({ ...base, status: 403, bodyText: JSON.stringify({ message: 'Not allowed here' }) });
    expect(formatError(forbidden.text!, 'ru')).toBe('GitLab отказал в GET /runners/all (403 Forbidden: «Not allowed here»): у пользователя токена нет нужной для этого роли.');
  });

  it('a 429 with Retry-After', () => {
    const err = httpError({ ...base, status: 429, retryAfter: '30' });
    expect(err.message).toBe(
      "GitLab rate-limited GET /runners/all (429 Too Many Requests); it asked to wait 30 s. Wait and try again, or ask an administrator about the instance's rate limits.",
    );
    expect(russian(err)).toMatch(/^GitLab ограничил частоту запросов GET \/runners\/all \(429: слишком много запросов\); он просит подождать 30 с\./);
  });

  it("a token's expiry warning, plural-correct in Russian", () => {
    const soon = tokenExpiry('2026-01-06', new Date('2026-01-01T00:00:00Z'));
    expect(soon.warning).toBe('The access token expires on 2026-01-06 (in 5 days); rotate it before then.');
    expect(formatError(soon.warningText!, 'ru')).toBe('Срок действия токена доступа истекает 2026-01-06 (через 5 дней); замените его до этого.');
    const tomorrow = tokenExpiry('2026-01-03', new Date('2026-01-01T00:00:00Z'));
    expect(tomorrow.warning).toBe('The access token expires on 2026-01-03 (in 2 days); rotate it before then.');
    expect(formatError(tomorrow.warningText!, 'ru')).toContain('(через 2 дня)');
  });
});
