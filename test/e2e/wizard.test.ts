import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectPage, EvidenceViewer, ExportPage, FindingsPage, TargetsPage, WelcomePage } from './pages';
import { startBrowserApp, type BrowserApp } from './support/browser-app';
import { launchChromium, type Browser } from './support/chromium';
import { axeViolations } from './support/axe';
import { recordProgressTable, recordedProgress } from './support/progress-recorder';

/**
 * The whole wizard in Debian's Chromium against the built renderer, the browser bridge and the
 * real handlers with the demo lab: what a user sees at each step.
 */
describe('wizard in the browser (demo lab)', () => {
  let app: BrowserApp;
  let browser: Browser;
  let savedBundle = '';

  beforeAll(async () => {
    app = await startBrowserApp();
    browser = await launchChromium();
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: `http://127.0.0.1:${app.bridge.port}`,
    });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('1. Welcome: offers the demo lab, focus on the heading, started from the keyboard', async () => {
    const welcome = new WelcomePage(browser.page);
    await browser.page.goto(app.bridge.url);
    await welcome.open();
    expect(await welcome.headingHasFocus()).toBe(true);
    expect(await welcome.currentNavStep()).toBe('1. Welcome');
    expect(await welcome.openBundleButton().isVisible()).toBe(true);
    expect(await welcome.errors()).toEqual([]);
    await welcome.screenshot(1, 'welcome');

    expect(await welcome.tryDemoLabWithKeyboard()).toBe('Try the demo lab');
  });

  it('2. Targets: shows the lab targets, all ticked; a checkbox toggles with Space', async () => {
    const targets = new TargetsPage(browser.page);
    await targets.open();
    expect(await targets.headingHasFocus()).toBe(true);
    const rows = await targets.targets();
    expect(rows.map((r) => r.label)).toEqual(['Kubernetes', 'SSH host', 'GitLab API']);
    expect(rows.every((r) => r.checked)).toBe(true);
    expect(rows[0]?.detail).toMatch(/^context \S+, namespace \S+$/);
    expect(rows[1]?.detail).toMatch(/^ssh alias \S+$/);
    expect(rows[2]?.detail).toMatch(/^https:\/\/127\.0\.0\.1:\d+/);

    const gitlab = targets.checkbox('GitLab API');
    await gitlab.focus();
    await browser.page.keyboard.press('Space');
    expect(await gitlab.isChecked()).toBe(false);
    await browser.page.keyboard.press('Space');
    expect(await gitlab.isChecked()).toBe(true);
    await targets.screenshot(2, 'targets');

    await recordProgressTable(browser.page);
    await targets.next();
  });

  it('3. Collect: one row per target with its items under it, stable totals, no jump to the findings', async () => {
    const collect = new CollectPage(browser.page);
    await collect.open();
    await collect.waitForDone();
    // Once collection has ended the heading says so, not "Collecting evidence".
    expect(await collect.heading().textContent()).toBe(CollectPage.FINISHED.ok);
    expect(await collect.cancelButton().count()).toBe(0);
    const rows = await collect.rows();
    expect(
      rows.every((r) => r.state === 'Done'),
      JSON.stringify(rows),
    ).toBe(true);
    // Item rows are named without their target's prefix: the group header says it once.
    const names = await browser.page.locator('.progress-table tr.part-row th').allTextContents();
    expect(
      names.every((n) => !n.includes(':')),
      JSON.stringify(names),
    ).toBe(true);
    expect(await axeViolations(browser.page)).toEqual([]);
    await collect.screenshot(3, 'collect');

    const seen = await recordedProgress(browser.page);
    const sources = new Set(seen.rows.map((r) => r.source));
    expect(sources.size).toBeGreaterThanOrEqual(2);
    // The total counts targets, all known when collection starts: it never grows.
    const totals = new Set(seen.live.map((t) => /of (\d+) sources? done/.exec(t)?.[1]).filter(Boolean));
    expect(totals.size, JSON.stringify(seen.live)).toBe(1);
    expect(seen.live.at(-1)).toBe('Collection finished.');

    await collect.continueToFindings();
    // Every step done so far stays reachable from the step bar.
    await browser.page.getByRole('navigation', { name: 'Steps' }).getByRole('button', { name: '3. Collect' }).click();
    await collect.open();
    await browser.page.getByRole('navigation', { name: 'Steps' }).getByRole('button', { name: '4. Findings' }).click();
  });

  it('4. Findings: triage first, closed cards, severity filter and search, job-token-expired with its 403 line', async () => {
    const findings = new FindingsPage(browser.page);
    await findings.open();
    expect(await findings.headingHasFocus()).toBe(true);
    expect(await findings.findingIds()).toContain('job-token-expired');
    // Closed cards: one line of proof each, the page a screen or two rather than a wall.
    const cards = await browser.page.locator('article.finding').count();
    expect(await browser.page.locator('article.finding figure.evidence').count()).toBe(cards);
    expect(await browser.page.locator('button.expand[aria-expanded="true"]').count()).toBe(0);
    expect(await browser.page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThan(4000);
    expect(await axeViolations(browser.page)).toEqual([]);
    await findings.screenshot(4, 'findings');
    // Stories first: the demo's job 8540930992 is one story (stuck as running, because its token expired), root cause first.
    const groups = await findings.groups();
    expect(groups[0]).toMatch(/^Error Root cause first: .+ → .+/);
    // Findings about no one subject share one heading per severity rather than repeating it.
    expect(groups.filter((g) => /^Error Across the fleet/.test(g))).toHaveLength(1);
    expect(new Set(groups).size, JSON.stringify(groups)).toBe(groups.length);
    expect(await browser.page.locator('.finding-group').first().locator('article.finding').first().locator('.badge-root').count()).toBe(1);

    await findings.search().fill('job-token-expired');
    const matching = await findings.findingIds();
    expect(matching).toContain('job-token-expired');
    expect(matching.length).toBeLessThan(cards);
    expect(await findings.shownText()).toBe(`${matching.length} of ${cards} shown`);
    await findings.search().fill('');
    await findings.severityFilter('error').click();
    expect(await browser.page.locator('article.finding-error').count()).toBe(0);
    await findings.severityFilter('error').click();
    expect(await browser.page.locator('article.finding').count()).toBe(cards);

    const shown = await findings.read('job-token-expired');
    expect(shown.severity).toBe('Error');
    expect(shown.title.length).toBeGreaterThan(10);
    expect(shown.evidence.length).toBeGreaterThan(0);
    const proof = shown.evidence.find((e) => e.excerpt.includes('403 Forbidden'));
    expect(proof, JSON.stringify(shown.evidence)).toBeDefined();
    expect(proof?.where).toMatch(/\S+:\d+$/);
    expect(shown.fixes.length).toBeGreaterThan(0);
    // Names the text quotes in backticks read as code, without the backticks.
    const ruledOut = findings.finding('job-token-expired').locator('ul.ruled-out');
    expect(await ruledOut.textContent()).not.toContain('`');
    expect(await ruledOut.locator('code').allTextContents()).toContain('Checking for jobs');
    expect(await findings.errors()).toEqual([]);
    // Commands and API calls in the advice come with a copy button; references are links.
    const card = findings.finding('job-token-expired');
    const code = card.locator('.code-block code').first();
    await code.waitFor();
    await card.locator('.code-block').first().getByRole('button', { name: 'Copy' }).click();
    expect(await browser.page.evaluate(() => navigator.clipboard.readText())).toBe(await code.textContent());
    expect(await axeViolations(browser.page)).toEqual([]);
    await findings.screenshotOf(card, 4, 'finding-open');
  });

  it('4a. Dark theme and Russian: switchable on any step, axe-clean in both', async () => {
    const page = browser.page;
    const findings = new FindingsPage(page);
    await page.getByLabel('Theme').selectOption('dark');
    expect(
      await page.evaluate(() => getComputedStyle(document.body).colorScheme || getComputedStyle(document.documentElement).colorScheme),
    ).toBe('dark');
    expect(await axeViolations(page)).toEqual([]);
    await findings.screenshot(41, 'findings-dark');
    await page.getByLabel('Language').selectOption('ru');
    await findings.waitForStep('Находки');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ru');
    expect(await axeViolations(page)).toEqual([]);
    await findings.screenshot(42, 'findings-ru-dark');
    await page.getByLabel('Язык').selectOption('en');
    await page.getByLabel('Theme').selectOption('light');
    await findings.waitForStep('Findings');
  });

  it('4b. Show in file: the 403 line highlighted in its file, go to line, PageDown, Escape', async () => {
    const findings = new FindingsPage(browser.page);
    const viewer = new EvidenceViewer(browser.page);
    const proof = (await findings.read('job-token-expired')).evidence.find((e) => e.excerpt.includes('403 Forbidden'))!;
    const [file, line] = [proof.where.replace(/:\d+$/, ''), Number(/:(\d+)$/.exec(proof.where)?.[1])];
    const opener = await viewer.openFrom(findings.finding('job-token-expired'), '403 Forbidden');
    expect(await viewer.focusIsInside()).toBe(true);
    expect(await viewer.dialog().locator('h2').textContent()).toBe(file);

    const cited = await viewer.cited();
    expect(cited.line).toBe(line);
    expect(cited.number).toBe(String(line));
    expect(cited.text).toContain('403 Forbidden');
    expect(cited.text).toContain(proof.excerpt.trim().slice(0, 40));
    // 50 fresh opens on lines across a long log: viewer-cited-line.test.ts.
    expect(await viewer.citedInView()).toBe(true);
    expect(await viewer.range()).toMatch(/^Lines \d+–\d+ of \d+$/);
    await viewer.page.waitForTimeout(100);
    await findings.screenshot(7, 'evidence-viewer', { fullPage: false });

    await viewer.goToLine(1);
    await viewer.waitForFirstLine(1);
    const top = await viewer.rows();
    expect(top[0]?.line).toBe(1);
    expect(top.map((r) => r.line)).toEqual(top.map((_, i) => i + 1));
    expect(await viewer.cursorLine()).toBe(1);
    const range = /^Lines 1–(\d+) of (\d+)$/.exec(await viewer.range());
    const [visible, total] = [Number(range?.[1]), Number(range?.[2])];
    // PageDown moves the cursor a screenful (to the last line in a file shorter than a screen), and the view with it.
    await browser.page.keyboard.press('PageDown');
    const paged = Math.min(1 + visible, total);
    await browser.page.waitForFunction(
      (n) => document.querySelector('[role="dialog"] .viewer-cursor')?.getAttribute('data-line') === String(n),
      paged,
    );
    expect(await viewer.cursorLine()).toBe(paged);
    expect(await viewer.firstLine()).toBe(Math.min(1 + visible, Math.max(1, total - visible + 1)));
    expect(await viewer.cursorRow()).toBe(paged);
    await browser.page.keyboard.press('Home');
    await viewer.waitForFirstLine(1);

    await browser.page.keyboard.press('Escape');
    await viewer.dialog().waitFor({ state: 'detached' });
    expect(await opener.evaluate((el) => el === document.activeElement)).toBe(true);
    await findings.next();
  });

  it('5. Export: lists the files, downloads the bundle (nothing kept on the server), copies the report', async () => {
    const exportPage = new ExportPage(browser.page);
    await exportPage.open();
    expect(await exportPage.headingHasFocus()).toBe(true);
    // The save is on the first screen; the file list (79 rows for the lab) waits below, on demand.
    const save = await browser.page.getByRole('button', { name: 'Save bundle…' }).boundingBox();
    expect(save!.y + save!.height).toBeLessThan(browser.page.viewportSize()!.height);
    await browser.page.locator('details.export-files > summary').click();
    const files = await exportPage.files();
    expect(files.length).toBeGreaterThan(0);
    expect(
      files.every((f) => /^\d+(\.\d)? (B|KiB|MiB|GiB)$/.test(f.size)),
      JSON.stringify(files),
    ).toBe(true);
    expect(await exportPage.redactionText()).not.toBe('');

    // Browser mode: a real download the browser saves where the user says; the server keeps no copy.
    const [download] = await Promise.all([browser.page.waitForEvent('download'), exportPage.saveBundle()]);
    expect(download.suggestedFilename()).toMatch(/^runner-doctor-bundle-.+\.zip$/);
    expect(await exportPage.savedText()).toBe(`Downloaded as ${download.suggestedFilename()}`);
    const saved = path.join(app.saveDir, download.suggestedFilename());
    await download.saveAs(saved);
    expect(statSync(saved).size).toBeGreaterThan(0);
    await expect.poll(() => readdirSync(app.transfers.dir)).toEqual([]);
    expect(readdirSync(process.cwd()).some((f) => f.startsWith('runner-doctor-bundle-'))).toBe(false);
    savedBundle = saved;

    expect(await exportPage.copyReport()).toBe('Report copied to the clipboard.');
    const clipboard = await browser.page.evaluate(() => navigator.clipboard.readText());
    expect(clipboard).toContain('job-token-expired');
    await exportPage.screenshot(5, 'export');
  });

  it('6. Open a bundle through the file picker: the saved bundle shows the same findings offline', async () => {
    const welcome = new WelcomePage(browser.page);
    await browser.page.getByRole('button', { name: 'Start over' }).last().click();
    await welcome.open();
    expect(await welcome.headingHasFocus()).toBe(true);
    const [chooser] = await Promise.all([browser.page.waitForEvent('filechooser'), welcome.openBundleButton().click()]);
    await chooser.setFiles(savedBundle);
    const findings = new FindingsPage(browser.page);
    await findings.open();
    expect(await browser.page.locator('.step p').first().textContent()).toMatch(/ Opened from a bundle: what was collected then, not the targets as they are now\.$/);
    const shown = await findings.read('job-token-expired');
    expect(shown.evidence.some((e) => e.excerpt.includes('403 Forbidden'))).toBe(true);
    await findings.screenshot(6, 'bundle-findings');
  });

  it('ran without console errors, CSP violations or failed requests', () => {
    expect(browser.problems).toEqual([]);
  });
});
