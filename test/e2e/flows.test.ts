import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoLab } from '../../electron/core/demo-lab/lab';
import { CATALOGS, type Language } from '../../shared/i18n';
import { AppPage, CollectPage } from './pages';
import { axeViolations } from './support/axe';
import { englishLeft } from './support/english-left';
import { startBrowserApp, type BrowserApp } from './support/browser-app';
import { launchChromium, type Browser } from './support/chromium';

/**
 * The demo from Welcome to Export three ways: all in Russian, all in the dark theme, and with
 * the keyboard alone. axe-core runs on every step and on every dialog opened on the way (the
 * evidence viewer, the Fix step's confirmation), and each step leaves a screenshot in
 * test-results/e2e (flow-ru-*, flow-dark-*, flow-keyboard-*).
 */
describe('wizard flows: Russian, dark, keyboard only', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rd-e2e-flows-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** A fresh app (its own data directory: nothing to resume) and browser for one flow, checked for problems at the end. */
  async function withBrowser(name: string, flow: (page: Page) => Promise<void>): Promise<void> {
    const app: BrowserApp = await startBrowserApp({ configDir: path.join(dir, name, 'config'), home: path.join(dir, name, 'home') });
    const browser: Browser = await launchChromium();
    try {
      await browser.page.goto(app.bridge.url);
      await flow(browser.page);
      expect(browser.problems).toEqual([]);
    } finally {
      await browser.close();
      await app.stop();
    }
  }

  /** The same walk with the mouse, in a language and a theme chosen in the header first. */
  async function mouseFlow(page: Page, lang: Language, theme: 'light' | 'dark', prefix: string): Promise<void> {
    const T = CATALOGS[lang];
    const shots = new AppPage(page, `${prefix}-`);
    let n = 0;
    const step = async (name: string, opts: { fullPage?: boolean } = {}) => {
      expect(await axeViolations(page), `${prefix} ${name}`).toEqual([]);
      await shots.screenshot(++n, name, opts);
    };
    await page.getByLabel('Theme').selectOption(theme);
    await page.getByLabel('Language').selectOption(lang);
    await shots.waitForStep(T.welcome.title);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme)).toBe(theme);
    await step('welcome');

    await page.getByRole('button', { name: T.welcome.demo }).click();
    await shots.waitForStep(T.targets.title);
    await step('targets');
    // The lab's incidents are listed in the window's language too.
    if (lang === 'ru') expect(await englishLeft(page, { scope: page.locator('section.step') })).toEqual([]);
    await page.getByRole('button', { name: T.targets.next }).click();

    await shots.waitForStep(CollectPage.anyHeading(T));
    const next = page.getByRole('button', { name: T.collect.continue });
    await next.waitFor({ timeout: 60_000 });
    expect(await shots.heading().textContent()).toBe(T.collect.titleFinished.ok);
    await step('collect');
    await next.click();

    await shots.waitForStep(new RegExp(`^${T.findings.title}$`));
    await step('findings');
    const card = page.locator('article.finding[data-finding-id="job-token-expired"]').first();
    await card.locator('button.expand').click();
    await card.locator('.finding-details').waitFor();
    // What the finding is about, in the interface's language ("job 123" is only the key a fix plans by).
    expect(await card.locator('.finding-details > p.meta').first().textContent()).toMatch(lang === 'ru' ? /^Затрагивает: джоба \d+$/ : /^Affects: job \d+$/);
    await step('finding-open');

    await card.getByRole('button', { name: T.findings.showInFile }).first().click();
    const viewer = page.getByRole('dialog');
    await viewer.locator('.viewer-row.viewer-cited .viewer-text:not(.viewer-pending)').waitFor();
    await viewer.getByRole('searchbox').fill('403');
    await page.waitForFunction(() => /\d+ \S+ \d+/.test(document.querySelector('.viewer-search-count')?.textContent ?? ''));
    await step('viewer-search', { fullPage: false });
    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });

    await card.locator('button.fix-open').first().click();
    await shots.waitForStep(T.fix.title);
    await page.locator('.fix-plan, [role="alert"]').first().waitFor({ timeout: 60_000 });
    await step('fix');
    const apply = page.getByRole('button', { name: T.fix.apply, exact: true });
    expect(await apply.isEnabled()).toBe(true);
    await apply.click();
    await page.getByRole('dialog').waitFor();
    await step('fix-confirm', { fullPage: false });
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    await page.getByRole('navigation', { name: T.steps.label }).getByRole('button', { name: `6. ${T.steps.export}` }).click();
    await shots.waitForStep(T.export.title);
    await step('export');
  }

  it('Russian: every step and dialog in Russian, axe-clean, a screenshot each', async () => {
    await withBrowser('ru', (page) => mouseFlow(page, 'ru', 'light', 'flow-ru'));
  });

  it('dark: every step and dialog in the dark theme, axe-clean, a screenshot each', async () => {
    await withBrowser('dark', (page) => mouseFlow(page, 'en', 'dark', 'flow-dark'));
  });

  it('keyboard only: Tab, Enter, Space, arrows and Escape reach every action from Welcome to Export', async () => {
    await withBrowser('keyboard', async (page) => {
      const T = CATALOGS.en;
      const shots = new AppPage(page, 'flow-keyboard-');
      let n = 0;
      const step = async (name: string, opts: { fullPage?: boolean } = {}) => {
        expect(await axeViolations(page), `keyboard ${name}`).toEqual([]);
        await shots.screenshot(++n, name, opts);
      };
      /** Tab (or Shift+Tab) until the focused control's name matches; fails when it is never reached. */
      const tabTo = async (name: string | RegExp, back = false): Promise<void> => {
        for (let i = 0; i < 80; i++) {
          await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
          const focused = await page.evaluate(() => {
            const el = document.activeElement as HTMLElement | null;
            return (el?.getAttribute('aria-label') ?? el?.textContent ?? '').trim();
          });
          if (typeof name === 'string' ? focused === name : name.test(focused)) return;
        }
        throw new Error(`${String(name)} is not reachable with ${back ? 'Shift+Tab' : 'Tab'}`);
      };
      const focusedIs = (selector: string) => page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector);

      await shots.waitForStep(T.welcome.title);
      expect(await shots.headingHasFocus()).toBe(true);
      // The theme from the keyboard: Tab back to the header's select, an arrow key picks the next theme.
      for (let i = 0; i < 10 && !(await focusedIs('select')); i++) await page.keyboard.press('Shift+Tab');
      expect(await page.evaluate(() => document.activeElement?.closest('label')?.textContent?.startsWith('Theme'))).toBe(true);
      await page.keyboard.press('ArrowDown');
      expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe('light');
      await step('welcome');

      await page.locator('h2.step-heading').focus();
      await tabTo(T.welcome.demo);
      await page.keyboard.press('Enter');
      await shots.waitForStep(T.targets.title);
      expect(await shots.headingHasFocus()).toBe(true);
      await tabTo(/^GitLab API/).catch(() => undefined);
      if (await focusedIs('input[type="checkbox"]')) {
        await page.keyboard.press('Space');
        expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).checked)).toBe(false);
        await page.keyboard.press('Space');
      }
      await step('targets');
      await tabTo(T.targets.next);
      await page.keyboard.press('Enter');

      await shots.waitForStep(CollectPage.anyHeading(T));
      await page.getByRole('button', { name: T.collect.continue }).waitFor({ timeout: 60_000 });
      await step('collect');
      await page.locator('h2.step-heading').focus();
      await tabTo(T.collect.continue);
      await page.keyboard.press('Enter');

      await shots.waitForStep(/^Findings$/);
      expect(await shots.headingHasFocus()).toBe(true);
      await page.locator('article.finding[data-finding-id="job-token-expired"] h4').focus();
      await tabTo(/^Details and fixes/);
      await page.keyboard.press('Enter');
      const card = page.locator('article.finding[data-finding-id="job-token-expired"]').first();
      await card.locator('.finding-details').waitFor();
      await step('finding-open');

      await tabTo(T.findings.showInFile);
      await page.keyboard.press('Enter');
      const viewer = page.getByRole('dialog');
      await viewer.locator('.viewer-row.viewer-cited .viewer-text:not(.viewer-pending)').waitFor();
      expect(await viewer.evaluate((el) => el.contains(document.activeElement))).toBe(true);
      await page.keyboard.press('Control+f');
      await page.keyboard.type('403');
      await page.waitForFunction(() => / of /.test(document.querySelector('.viewer-search-count')?.textContent ?? ''));
      await page.keyboard.press('Enter');
      await page.keyboard.press('F3');
      await page.keyboard.press('PageDown');
      await step('viewer-search', { fullPage: false });
      await page.keyboard.press('Escape');
      await viewer.waitFor({ state: 'detached' });
      expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe(T.findings.showInFile);

      await tabTo(T.findings.applyFix);
      await page.keyboard.press('Enter');
      await shots.waitForStep(T.fix.title);
      expect(await shots.headingHasFocus()).toBe(true);
      await page.locator('.fix-plan, [role="alert"]').first().waitFor({ timeout: 60_000 });
      await step('fix');

      // Back to the step bar with Shift+Tab, then on to Export.
      await tabTo(`6. ${T.steps.export}`, true);
      await page.keyboard.press('Enter');
      await shots.waitForStep(T.export.title);
      expect(await shots.headingHasFocus()).toBe(true);
      await tabTo(T.export.save);
      const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
      expect(download.suggestedFilename()).toMatch(/^runner-doctor-bundle-.+\.zip$/);
      await step('export');
    });
  });

  it('the question dialog (run a credential command?): axe-clean in Russian and dark, and in English and light', async () => {
    const lab = await startDemoLab();
    try {
      // A kubeconfig context whose credentials come from an exec plugin: using it asks first.
      const doc = parse(await readFile(lab.kubeconfigPath, 'utf8')) as { users: { name: string; user: { token: string } }[]; contexts: unknown[] };
      const plugin = path.join(dir, 'cloud-get-token');
      await writeFile(plugin, `#!/bin/sh\nprintf '{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1beta1","status":{"token":"%s"}}' "${doc.users[0]?.user.token ?? ''}"\n`);
      await chmod(plugin, 0o755);
      doc.users.push({ name: 'eks-user', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: plugin, args: ['token'] } } as never });
      doc.contexts.push({ name: 'eks-prod', context: { cluster: 'demo-lab', user: 'eks-user', namespace: 'gitlab-runner' } });
      const kubeconfig = path.join(dir, 'kubeconfig');
      await writeFile(kubeconfig, stringify(doc), { mode: 0o600 });

      for (const [lang, theme] of [['ru', 'dark'], ['en', 'light']] as const) {
        await withBrowser(`prompt-${lang}`, async (page) => {
          const T = CATALOGS[lang];
          const shots = new AppPage(page, `flow-prompt-${lang}-${theme}-`);
          await page.getByLabel('Theme').selectOption(theme);
          await page.getByLabel('Language').selectOption(lang);
          await page.getByRole('button', { name: T.welcome.real }).click();
          await shots.waitForStep(T.targets.realTitle);
          await page.locator('#kubeconfig').fill(kubeconfig);
          await page.locator('#kubeconfig').press('Enter');
          const card = page.locator('.context-card[data-context="eks-prod"]');
          await card.waitFor();
          const dialog = page.getByRole('dialog');
          // The reachability check on entry may ask already; otherwise listing the namespaces does.
          if (!(await dialog.isVisible())) await card.getByRole('button', { name: T.targets.context.list }).click();
          await dialog.waitFor({ timeout: 30_000 });
          expect(await dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
          expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
          // Its deadline in the interface's language: a 24-hour clock in Russian.
          if (lang === 'ru') expect(await dialog.textContent()).toMatch(/до \d\d:\d\d/);
          expect(await axeViolations(page), `prompt ${lang} ${theme}`).toEqual([]);
          await shots.screenshot(1, 'exec-prompt', { fullPage: false });
          await page.keyboard.press('Escape');
          await dialog.waitFor({ state: 'detached' });
        });
      }
    } finally {
      await lab.stop();
    }
  });
  it('the SSH host-key question: axe-clean in Russian and dark, and in English and light', async () => {
    const lab = await startDemoLab();
    try {
      // A known_hosts file that does not know the lab's host: connecting asks about its key.
      const knownHosts = path.join(dir, 'empty_known_hosts');
      await writeFile(knownHosts, '');
      for (const [lang, theme] of [['ru', 'dark'], ['en', 'light']] as const) {
        await withBrowser(`host-key-${lang}`, async (page) => {
          const T = CATALOGS[lang];
          const shots = new AppPage(page, `flow-host-key-${lang}-${theme}-`);
          await page.getByLabel('Theme').selectOption(theme);
          await page.getByLabel('Language').selectOption(lang);
          await page.getByRole('button', { name: T.welcome.real }).click();
          await shots.waitForStep(T.targets.realTitle);
          await page.getByLabel(T.targets.ssh.config, { exact: true }).fill(lab.sshConfigPath);
          await page.getByLabel(T.targets.ssh.knownHosts, { exact: true }).fill(knownHosts);
          await page.getByRole('button', { name: T.targets.ssh.load }).click();
          await page.getByRole('checkbox', { name: new RegExp(`^${lab.sshAlias}\\b`) }).check();
          await page.getByRole('button', { name: T.targets.next }).click();
          const dialog = page.getByRole('dialog');
          await dialog.waitFor({ timeout: 60_000 });
          expect((await dialog.locator('h2').textContent())?.trim()).toBe(T.prompt.hostKey.title);
          expect(await dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
          expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
          expect(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme)).toBe(theme);
          expect(await axeViolations(page), `host key ${lang} ${theme}`).toEqual([]);
          await shots.screenshot(1, 'host-key-prompt', { fullPage: false });
          await dialog.getByRole('button', { name: T.prompt.hostKey.no }).click();
          await dialog.waitFor({ state: 'detached' });
        });
      }
    } finally {
      await lab.stop();
    }
  });
});
