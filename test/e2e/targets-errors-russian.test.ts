import { X509Certificate } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGLISH_PROSE, prose } from '../helpers/english-prose';
import { RealTargetsPage, WelcomePage } from './pages';
import { axeViolations } from './support/axe';
import { useReachWizard } from './support/reach-wizard';

/**
 * The Targets step in Russian, through the bridge: why a context does not answer, a failed
 * action on a context, and a GitLab "Test connection" that fails on its CA file or its token
 * are all worded in the app's language, and again in English when the user switches back.
 */
describe('wizard in Russian: the Targets cards say what failed in Russian', () => {
  const w = useReachWizard('rd-e2e-targets-ru-');

  const targets = () => new RealTargetsPage(w.browser.page, 'targets-ru-');
  /** Russian with no English prose, once the values it quotes (addresses, commands, a kubeconfig's own hint) are taken out. */
  const expectRussian = (text: string, values: string[] = []) => {
    expect(text).toMatch(/\p{Script=Cyrillic}/u);
    expect(prose(text, values)).not.toMatch(ENGLISH_PROSE);
  };
  const detailOf = async (context: string) => (await targets().context(context).locator('.reach-detail').textContent())?.trim() ?? '';
  const gitlabAlert = () => targets().page.locator('section.panel', { has: targets().page.locator('h3', { hasText: 'GitLab' }) }).getByRole('alert');

  it('1. why each context does not answer, in Russian', async () => {
    const page = w.browser.page;
    await page.goto(w.app.bridge.url);
    const welcome = new WelcomePage(page);
    await welcome.open();
    await welcome.diagnoseButton().click();
    await targets().open();
    await expect.poll(() => targets().reachSummary(), { timeout: 15_000 }).toBe('1 of 7 contexts reachable.');
    expect(await detailOf('stopped-cluster')).toMatch(/^Details: connection refused \(connect ECONNREFUSED 127\.0\.0\.1:\d+\)$/);

    await page.getByLabel('Language').selectOption('ru');
    await expect.poll(() => detailOf('stopped-cluster')).toMatch(/^Подробности: в соединении отказано \(connect ECONNREFUSED 127\.0\.0\.1:\d+\)$/);
    expectRussian(await detailOf('stopped-cluster'), [(await detailOf('stopped-cluster')).replace(/^.*\((connect [^)]*)\)$/, '$1')]);
    expect(await detailOf('eks-prod')).toBe(
      'Подробности: Kubeconfig получает учётные данные, запуская "rd-test-kubelogin-not-installed", но её нет в PATH. Install it from your cloud provider.',
    );
    expectRussian(await detailOf('eks-prod'), ['"rd-test-kubelogin-not-installed"', 'Install it from your cloud provider.', 'Kubeconfig', 'PATH']);
    const expired = await detailOf('expired-token');
    expect(expired).toMatch(/^Подробности: HTTP 401.*\(кластер отверг учётные данные: возможно, истёк токен; войдите заново\)$/);
    expectRussian(expired.replace(/HTTP 401[^(]*/, ''));
    expect(await axeViolations(page)).toEqual([]);
    await targets().screenshotOf(targets().context('eks-prod'), 1, 'context-unreachable');
  });

  it('2. a failed action on a context, named, in Russian', async () => {
    await targets().context('stopped-cluster').getByRole('button', { name: 'Показать неймспейсы' }).click();
    const banner = targets().context('stopped-cluster').locator('.context-error');
    await banner.waitFor();
    const text = ((await banner.textContent()) ?? '').trim();
    expect(text).toMatch(/^Контекст stopped-cluster: в соединении отказано \(connect ECONNREFUSED 127\.0\.0\.1:\d+\) \(unreachable\)/);
    expectRussian(text, [text.replace(/^.*\((connect [^)]*)\).*$/, '$1'), '(unreachable)', 'stopped-cluster']);
    await targets().screenshotOf(targets().context('stopped-cluster'), 2, 'context-action-failed');
  });

  it('3. GitLab "Test connection": a CA file that is missing or not PEM, then a token pasted with a space in it', async () => {
    const page = w.browser.page;
    const missing = path.join(w.dir, 'missing-ca.pem');
    const der = path.join(w.dir, 'ca.der');
    await writeFile(der, new X509Certificate(await readFile(w.lab.gitlab.caFile)).raw);
    await page.getByLabel('Адрес инстанса').fill(w.lab.gitlab.url);
    const token = page.getByLabel('Персональный токен доступа');
    await token.fill(w.lab.gitlab.token);
    const ca = page.getByLabel(/^Файл сертификата CA/);
    const test = page.getByRole('button', { name: 'Проверить подключение' });

    await ca.fill(missing);
    await test.click();
    await expect.poll(async () => (await gitlabAlert().textContent())?.trim()).toBe(`Не удаётся прочитать CA-файл ${missing} (ENOENT). (invalid-input)`);

    await ca.fill(der);
    await test.click();
    await expect
      .poll(async () => (await gitlabAlert().textContent())?.trim())
      .toBe(
        'В CA-файле нет сертификата в формате PEM (нет блока "-----BEGIN CERTIFICATE-----"). Экспортируйте CA-сертификат в PEM (Base-64), а не в DER. (invalid-input)',
      );

    await ca.fill(w.lab.gitlab.caFile);
    await token.fill('glpat-Pasted Twice0001');
    await test.click();
    const tokenSentence = 'В токене есть пробелы или управляющие символы: вставьте его заново, ровно так, как его показал GitLab.';
    await expect.poll(async () => (await gitlabAlert().textContent())?.trim()).toBe(`${tokenSentence} (invalid-input)`);
    expect(await page.content()).not.toContain('Pasted Twice');
    expect(await axeViolations(page)).toEqual([]);
    await targets().screenshotOf(gitlabAlert(), 3, 'gitlab-token-error');

    // The same errors, kept, read in English again after switching back.
    await page.getByLabel('Язык').selectOption('en');
    await expect
      .poll(async () => (await gitlabAlert().textContent())?.trim())
      .toBe('The token contains spaces or control characters; paste it again, exactly as GitLab showed it. (invalid-input)');
    expect(((await targets().context('stopped-cluster').locator('.context-error').textContent()) ?? '').trim()).toMatch(
      /^Context stopped-cluster: connection refused \(connect ECONNREFUSED 127\.0\.0\.1:\d+\) \(unreachable\)/,
    );
    expect(await detailOf('eks-prod')).toBe(
      'Details: The kubeconfig runs "rd-test-kubelogin-not-installed" to get credentials; it is not on PATH. Install it from your cloud provider.',
    );
  });
});
