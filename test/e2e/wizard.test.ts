import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectPage, EvidenceViewer, ExportPage, FindingsPage, TargetsPage, WelcomePage } from './pages';
import { startBrowserApp, type BrowserApp } from './support/browser-app';
import { launchChromium, type Browser } from './support/chromium';
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

  it('3. Collect: a table of sources with their state, then the findings', async () => {
    const collect = new CollectPage(browser.page);
    await collect.open();
    if (await collect.waitForProgressOrFindings()) await collect.screenshot(3, 'collect');
    await new FindingsPage(browser.page).open();

    const seen = await recordedProgress(browser.page);
    expect(seen.rows.length).toBeGreaterThan(0);
    const sources = new Set(seen.rows.map((r) => r.source));
    expect(sources.size).toBeGreaterThanOrEqual(2);
    expect(seen.rows.some((r) => r.state === 'Done')).toBe(true);
    expect(seen.live.some((t) => /sources done|Collection finished/.test(t))).toBe(true);
  });

  it('4. Findings: job-token-expired with its 403 Forbidden evidence line', async () => {
    const findings = new FindingsPage(browser.page);
    expect(await findings.headingHasFocus()).toBe(true);
    expect(await findings.findingIds()).toContain('job-token-expired');
    const shown = await findings.read('job-token-expired');
    expect(shown.severity).toBe('Error');
    expect(shown.title.length).toBeGreaterThan(10);
    expect(shown.evidence.length).toBeGreaterThan(0);
    const proof = shown.evidence.find((e) => e.excerpt.includes('403 Forbidden'));
    expect(proof, JSON.stringify(shown.evidence)).toBeDefined();
    expect(proof?.where).toMatch(/\S+:\d+$/);
    expect(shown.fixes.length).toBeGreaterThan(0);
    expect(await findings.errors()).toEqual([]);
    await findings.screenshot(4, 'findings');
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
    await browser.page.waitForFunction((n) => document.querySelector('[role="dialog"] .viewer-cursor')?.getAttribute('data-line') === String(n), paged);
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

  it('5. Export: lists the files, saves the bundle and shows where, copies the report', async () => {
    const exportPage = new ExportPage(browser.page);
    await exportPage.open();
    expect(await exportPage.headingHasFocus()).toBe(true);
    const files = await exportPage.files();
    expect(files.length).toBeGreaterThan(0);
    expect(
      files.every((f) => /^\d+(\.\d)? (B|KiB|MiB|GiB)$/.test(f.size)),
      JSON.stringify(files),
    ).toBe(true);
    expect(await exportPage.redactionText()).not.toBe('');

    const saved = await exportPage.saveBundle();
    expect(path.dirname(saved)).toBe(app.saveDir);
    expect(saved).toMatch(/\.zip$/);
    expect(existsSync(saved) && statSync(saved).size > 0).toBe(true);
    savedBundle = saved;

    expect(await exportPage.copyReport()).toBe('Report copied to the clipboard.');
    const clipboard = await browser.page.evaluate(() => navigator.clipboard.readText());
    expect(clipboard).toContain('job-token-expired');
    await exportPage.screenshot(5, 'export');
  });

  it('6. Open a bundle: the saved bundle shows the same findings offline', async () => {
    const welcome = new WelcomePage(browser.page);
    await browser.page.getByRole('button', { name: 'Start over' }).last().click();
    await welcome.open();
    expect(await welcome.headingHasFocus()).toBe(true);
    app.setBundleToOpen(savedBundle);
    await welcome.openBundleButton().click();
    const findings = new FindingsPage(browser.page);
    await findings.open();
    expect(await browser.page.locator('.step p').first().textContent()).toContain('opened from a bundle');
    const shown = await findings.read('job-token-expired');
    expect(shown.evidence.some((e) => e.excerpt.includes('403 Forbidden'))).toBe(true);
    await findings.screenshot(6, 'bundle-findings');
  });

  it('ran without console errors, CSP violations or failed requests', () => {
    expect(browser.problems).toEqual([]);
  });
});
