import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoLab, type DemoLab } from '../../electron/core/demo-lab/lab';
import { startGitlabLab, TOKENS, type GitlabLab } from '../helpers/gitlab/gitlab-lab';
import { RealTargetsPage, WelcomePage } from './pages';
import { axeViolations } from './support/axe';
import { startBrowserApp, type BrowserApp } from './support/browser-app';
import { launchChromium, type Browser } from './support/chromium';
import { englishLeft } from './support/english-left';

/** GitLab's name for its edition, kept as GitLab writes it; the user names (root, soon) are the labs' own. */
const EDITION = ['Enterprise', 'Edition'];

/**
 * The GitLab card in Russian, through the bridge: after a successful "Test connection" what it
 * says about the token (where it is kept, its scopes and expiry, whose runners are listed) and
 * the runners' status are in Russian, with nothing left in English; and in English again after
 * switching back.
 */
describe('wizard in Russian: the GitLab card after a successful test', () => {
  let lab: DemoLab;
  let gitlab: GitlabLab;
  let app: BrowserApp;
  let browser: Browser;
  let dir: string;
  let gitlabCa: string;

  beforeAll(async () => {
    lab = await startDemoLab();
    gitlab = await startGitlabLab();
    dir = await mkdtemp(path.join(tmpdir(), 'rd-e2e-gitlab-ru-'));
    gitlabCa = path.join(dir, 'gitlab-ca.pem');
    await writeFile(gitlabCa, gitlab.caPem);
    app = await startBrowserApp({ configDir: path.join(dir, 'config'), home: path.join(dir, 'home') });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await gitlab?.close();
    await lab?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const targets = () => new RealTargetsPage(browser.page, 'gitlab-ru-');
  const card = () => targets().panel('GitLab');
  const test = async (url: string, token: string, ca: string) => {
    const page = browser.page;
    await page.getByLabel('Адрес инстанса').fill(url);
    await page.getByLabel('Персональный токен доступа').fill(token);
    await page.getByLabel(/^Файл сертификата CA/).fill(ca);
    await page.getByRole('button', { name: 'Проверить подключение' }).click();
    await card().locator('.gitlab-result').waitFor();
  };
  const text = async (selector: string) => ((await card().locator(selector).allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim()));

  it('1. the demo lab: where the token is kept, its scopes and expiry, the runners, all in Russian', async () => {
    const page = browser.page;
    await page.goto(app.bridge.url);
    const welcome = new WelcomePage(page);
    await welcome.open();
    await welcome.diagnoseButton().click();
    await targets().open();
    await page.getByLabel('Language').selectOption('ru');
    await test(lab.gitlab.url, lab.gitlab.token, lab.gitlab.caFile);

    expect(await text('.warning-text:not(#gitlab-insecure-http-warning)')).toEqual([
      'В режиме браузера токен хранится только в памяти, пока работает Runner Doctor; в следующий раз введите его снова.',
    ]);
    const facts = await targets().gitlabFacts();
    expect(facts['Токен']).toMatch(/: скоупы .*api.*; бессрочный$/);
    const runners = await targets().runners();
    expect(runners.length).toBeGreaterThan(0);
    for (const r of runners) {
      expect(r.status).toMatch(/^(онлайн|офлайн|давно не выходит на связь \(stale\)|ни разу не выходил на связь)(, на паузе)?$/);
      expect(r.type).toMatch(/^(инстанс|группа|проект)$/);
      if (r.lastContact !== 'никогда') expect(r.lastContact).toMatch(/назад$|^сейчас$/);
    }
    expect(await englishLeft(page, { scope: card(), names: ['root', ...EDITION] })).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await targets().screenshotOf(card(), 1, 'gitlab-card-demo-lab');
  });

  it("2. a read-only token of a non-administrator that expires in 3 days: each note in Russian", async () => {
    await test(gitlab.url, TOKENS.expiringSoon, gitlabCa);
    const notes = await text('.warnings li');
    expect(notes).toHaveLength(3);
    expect(notes[0]).toMatch(/^Срок действия токена доступа истекает \d{4}-\d{2}-\d{2} \(через [23] дня\); замените его до этого\.$/);
    expect(notes.slice(1)).toEqual([
      'У токена нет скоупа api: для диагностики этого хватит, но исправлениям, которые меняют что-то в GitLab (сброс токена раннера, отмена джобы), нужен токен со скоупом api или manage_runner.',
      'Токен не администраторский: в списке только раннеры, владелец которых — его пользователь.',
    ]);
    expect(await text('.runner-table caption')).toEqual(['0 раннеров владельца токена']);
    expect(await englishLeft(browser.page, { scope: card(), names: ['soon', ...EDITION] })).toEqual([]);
    expect(await axeViolations(browser.page)).toEqual([]);
    await targets().screenshotOf(card(), 2, 'gitlab-card-notes');

    // Read again in English after switching back.
    await browser.page.getByLabel('Язык').selectOption('en');
    await expect.poll(() => text('.warnings li')).toEqual([
      expect.stringMatching(/^The access token expires on \d{4}-\d{2}-\d{2} \(in [23] days\); rotate it before then\.$/),
      'The token has no api scope: diagnosis works, but fixes that change GitLab (token reset, cancel job) will need a token with api or manage_runner.',
      "The token is not an administrator's: only runners its user owns are listed.",
    ]);
    expect(await text('.warning-text:not(#gitlab-insecure-http-warning)')).toEqual([
      'Browser mode keeps the token in memory only, for as long as Runner Doctor runs; type it again next time.',
    ]);
  });
});
