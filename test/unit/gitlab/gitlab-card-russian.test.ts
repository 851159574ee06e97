import { describe, expect, it } from 'vitest';
import { BROWSER_SECRETS_WARNING, memorySecretStore } from '../../../electron/core/app/memory-secrets';
import { tokenView } from '../../../electron/core/gitlab/runner-token-checks';
import { classifyToken } from '../../../electron/core/gitlab/tokens';
import { checkTokenTransport, PlainHttpTokenError } from '../../../electron/core/gitlab/url';
import { httpError } from '../../../electron/core/gitlab/errors';
import { formatError } from '../../../shared/i18n/text';
import { msg, type Message } from '../../../shared/messages';
import { ENGLISH_PROSE, paramValues, prose } from '../../helpers/english-prose';

/** A message in Russian, with no English prose once the values it quotes are taken out. */
function russian(m: Message, kept: string[] = []): string {
  const ru = formatError(m, 'ru');
  expect(ru).toMatch(/\p{Script=Cyrillic}/u);
  expect(prose(ru, [...paramValues(m), ...kept])).not.toMatch(ENGLISH_PROSE);
  return ru;
}

const refusal = (url: string, optIn: 'cli' | 'app'): PlainHttpTokenError => {
  try {
    checkTokenTransport(new URL(url), false, optIn);
  } catch (err) {
    if (err instanceof PlainHttpTokenError) return err;
    throw err;
  }
  throw new Error(`${url} was not refused`);
};

describe('the GitLab card and its token rules, in English and Russian', () => {
  it('what "Test connection" warns about: no api scope, only the user\'s own runners', () => {
    expect(formatError(msg('gitlab.test.noApiScope'))).toBe(
      'The token has no api scope: diagnosis works, but fixes that change GitLab (token reset, cancel job) will need a token with api or manage_runner.',
    );
    expect(russian(msg('gitlab.test.noApiScope'), ['api', 'manage_runner'])).toBe(
      'У токена нет скоупа api: для диагностики этого хватит, но исправлениям, которые меняют что-то в GitLab (сброс токена раннера, отмена джобы), нужен токен со скоупом api или manage_runner.',
    );
    expect(formatError(msg('gitlab.test.ownedRunnersOnly'))).toBe("The token is not an administrator's: only runners its user owns are listed.");
    expect(russian(msg('gitlab.test.ownedRunnersOnly'))).toBe('Токен не администраторский: в списке только раннеры, владелец которых — его пользователь.');
  });

  it('a token refused over plain http says how to insist, in the words of the CLI or of the app', () => {
    const cli = refusal('http://gitlab.example.com', 'cli');
    expect(cli.message).toBe(
      'http://gitlab.example.com is plain http: the token would cross the network readable by anyone on the way. Use https, or add --allow-insecure-http if you must',
    );
    expect(russian(cli.text, ['--allow-insecure-http', 'https'])).toBe(
      'http://gitlab.example.com — обычный http: токен пойдёт по сети открытым текстом, и его сможет прочитать любой на пути. Используйте https или, если иначе никак, добавьте --allow-insecure-http',
    );
    const app = refusal('http://10.0.0.5:8080', 'app');
    expect(app.message).toMatch(/^http:\/\/10\.0\.0\.5:8080 is plain http: .* or tick "Send the token over plain http anyway" in the GitLab panel if you must$/);
    expect(formatError(app.text, 'ru')).toMatch(/поставьте в панели GitLab галочку «Всё равно отправлять токен по http без шифрования»$/);
  });

  it('plain http to this machine goes, with a warning in the reader\'s language; https needs none', () => {
    const here = checkTokenTransport(new URL('http://127.0.0.1:9'), false, 'cli');
    expect(here && formatError(here)).toBe('the GitLab token is sent over plain http to 127.0.0.1:9 (this machine)');
    expect(here && russian(here)).toBe('токен GitLab отправляется на 127.0.0.1:9 (эта машина) по http без шифрования');
    const away = checkTokenTransport(new URL('http://gitlab.lan'), true, 'app');
    expect(away && formatError(away, 'ru')).toBe('токен GitLab отправляется на gitlab.lan по http без шифрования');
    expect(checkTokenTransport(new URL('https://gitlab.example.com'), false, 'cli')).toBeUndefined();
  });

  it('where the token is kept: browser mode says "memory only" as a message, a plain warning stays as given', async () => {
    const browser = await memorySecretStore(BROWSER_SECRETS_WARNING).save('gitlab-x', 'glpat-secret-value-123456');
    expect(browser).toEqual({
      persisted: false,
      warning: 'Browser mode keeps the token in memory only, for as long as Runner Doctor runs; type it again next time.',
      warningText: msg('secrets.browserMemory'),
    });
    expect(russian(browser.warningText!)).toBe('В режиме браузера токен хранится только в памяти, пока работает Runner Doctor; в следующий раз введите его снова.');
    expect(await memorySecretStore('kept for now').save('gitlab-x', 'glpat-secret-value-123456')).toEqual({ persisted: false, warning: 'kept for now' });
    expect(russian(msg('secrets.keptInMemory'))).toBe('Токен хранится только в памяти до конца этого запуска.');
  });

  it('a runner token to check shows its kind in the reader\'s language, and only its last 4', () => {
    const token = 'glrt-AbCdEfGhIjKlMnOpQrSt';
    const view = tokenView({ token, ref: 'kube/prod/gitlab-runner/configmaps.yaml', runnerName: 'prod' }, 0);
    expect(view.token).toBe(`${classifyToken(token).label} …QrSt`);
    expect(view.token).toBe('runner authentication token (glrt-) …QrSt');
    expect(formatError(view.tokenText!, 'ru')).toBe('токен аутентификации раннера (glrt-) …QrSt');
    expect(JSON.stringify(view)).not.toContain(token);
  });

  it("a GitLab write's refusal names the role it needs, and a lost token says what was accepted, in Russian too", () => {
    const err = httpError({ method: 'POST', path: '/runners/38/reset_authentication_token', bodyText: '', hadToken: true, status: 404, needs: { role: msg('gitlab.role.manageRunner') } });
    expect(err.message).toContain('(this needs an administrator (instance runners), the Owner role (group runners) or the Maintainer role (project runners))');
    expect(russian(err.text!, ['POST', 'Owner', 'Maintainer'])).toContain('(для этого нужно: администратор (раннеры инстанса), роль Owner (раннеры группы) или роль Maintainer (раннеры проекта))');
    const lost = msg('gitlab.write.noToken', { what: msg('gitlab.write.tokenResetOf', { runnerId: 38 }) });
    expect(formatError(lost)).toBe('GitLab accepted the token reset of runner 38 but its answer holds no token. The old token may already be invalid: check the runner in GitLab.');
    expect(russian(lost)).toBe('GitLab принял сброс токена раннера 38, но в ответе нет токена. Старый токен, возможно, уже недействителен: проверьте раннер в GitLab.');
  });
});
