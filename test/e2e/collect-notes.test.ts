import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../shared/bundle';
import { CATALOGS, type Language } from '../../shared/i18n';
import { msg } from '../../shared/messages';
import { sourceIds } from '../../shared/source-ids';
import { renderHtmlReport } from '../../electron/core/evidence/bundle/report-html';
import { AppPage, CollectPage } from './pages';
import { SCREENSHOT_DIR } from './pages/app-page';
import { axeViolations } from './support/axe';
import { startBrowserApp, type BrowserApp } from './support/browser-app';
import { launchChromium, type Browser } from './support/chromium';

/**
 * The demo's runner host uses podman and has no docker: the Collect step says so as a muted
 * note on that host's row, which stays "Done" (no error, no alert), in English and Russian,
 * axe-clean in the light and the dark theme. report.html's Notes section is axe-clean too.
 */
const NOTE = {
  en: 'Note: docker is not installed on this host (docker info and images skipped)',
  ru: 'Примечание: Docker на этом хосте не установлен (docker info и docker images не собраны)',
} as const;
const HOST = sourceIds.ssh('demo-runner-host');

describe('Collect step: a collector note on its source row', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rd-e2e-notes-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function collectDemo(page: Page, lang: Language, theme: 'light' | 'dark'): Promise<void> {
    const T = CATALOGS[lang];
    await page.getByLabel('Theme').selectOption(theme);
    await page.getByLabel('Language').selectOption(lang);
    const shots = new AppPage(page);
    await shots.waitForStep(T.welcome.title);
    await page.getByRole('button', { name: T.welcome.demo }).click();
    await shots.waitForStep(T.targets.title);
    await page.getByRole('button', { name: T.targets.next }).click();
    await shots.waitForStep(CollectPage.anyHeading(T));
    await page.getByRole('button', { name: T.collect.continue }).waitFor({ timeout: 90_000 });
  }

  for (const [lang, theme, other] of [
    ['en', 'light', 'dark'],
    ['ru', 'dark', 'light'],
  ] as const) {
    it(`${lang}: the note is muted on the host's row, the host done, nothing in red; axe-clean in both themes`, async () => {
      const app: BrowserApp = await startBrowserApp({ configDir: path.join(dir, lang, 'config'), home: path.join(dir, lang, 'home') });
      const browser: Browser = await launchChromium();
      try {
        const page = browser.page;
        await page.goto(app.bridge.url);
        await collectDemo(page, lang, theme);
        const T = CATALOGS[lang];
        const collect = new CollectPage(page, `notes-${lang}-`);
        expect(await collect.heading().textContent()).toBe(T.collect.titleFinished.ok);

        const row = page.locator(`.progress-table tr[data-source="${HOST}"]`);
        const note = row.locator('.source-note');
        expect(await note.allTextContents()).toEqual([NOTE[lang]]);
        expect((await collect.rows()).find((r) => r.source === HOST)?.state).toBe(T.collect.state.done);
        // Only that host has a note; no error banner, no failed state anywhere.
        expect(await page.locator('.source-note').count()).toBe(1);
        expect(await collect.errors()).toEqual([]);
        expect(await page.locator('.state-failed').count()).toBe(0);
        // Muted like the step's other secondary text, not the error colour.
        const colour = (selector: string) => page.locator(selector).first().evaluate((el) => getComputedStyle(el).color);
        expect(await colour('.source-note')).toBe(await colour('.step > p.meta'));

        for (const scheme of [theme, other]) {
          await page.getByLabel(T.prefs.theme).selectOption(scheme);
          expect(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme)).toBe(scheme);
          expect(await colour('.source-note')).toBe(await colour('.step > p.meta'));
          expect(await axeViolations(page), `${lang} ${scheme}`).toEqual([]);
          await collect.screenshotOf(row, 1, `${scheme}-host-row`);
        }

        // Findings: the note under its own heading, never among the sources that could not be collected.
        await page.getByRole('button', { name: T.collect.continue }).click();
        await collect.waitForStep(new RegExp(`^${T.findings.title}$`));
        const notes = page.getByRole('region', { name: T.findings.notes });
        expect(await notes.locator('li').allTextContents()).toEqual([`${HOST}: ${NOTE[lang].replace(/^[^:]+: /, '')}`]);
        expect(await page.locator('ul.errors').textContent().catch(() => '')).not.toMatch(/docker/i);
        expect(await axeViolations(page), `${lang} findings`).toEqual([]);
        await collect.screenshotOf(notes, 2, 'findings-notes');
        expect(browser.problems).toEqual([]);
      } finally {
        await browser.close();
        await app.stop();
      }
    }, 180_000);
  }
});

describe('report.html: the Notes section in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const manifest: Manifest = {
    format: 'runner-doctor-bundle/1',
    createdAt: '2025-03-04T12:00:00.000Z',
    app: { name: 'runner-doctor', version: '0.1.0' },
    sources: [{ id: HOST, type: 'ssh', description: 'SSH host demo-runner-host' }],
    files: [],
    errors: [{ source: HOST, message: 'df timed out on the host' }],
    notes: [{ source: HOST, message: 'docker is not installed on this host (docker info and images skipped)', text: msg('ssh.note.dockerMissing') }],
  };

  for (const lang of ['en', 'ru'] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      it(`${lang}, ${scheme}: no axe violations of any impact`, async () => {
        await browser.page.emulateMedia({ colorScheme: scheme });
        await browser.page.setContent(renderHtmlReport(manifest, [], lang));
        const notes = browser.page.locator('#notes + p + ul.notes li');
        expect(await notes.allTextContents()).toEqual([`${HOST}: ${NOTE[lang].replace(/^[^:]+: /, '')}`]);
        expect(await axeViolations(browser.page, { allImpacts: true })).toEqual([]);
        await browser.page.screenshot({ path: `${SCREENSHOT_DIR}/report-notes-${lang}-${scheme}.png`, fullPage: true });
      });
    }
  }
});
