import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGS } from '../../shared/i18n';
import { CollectPage, FindingsPage, TargetsPage, WelcomePage } from './pages';
import { axeViolations } from './support/axe';
import { startBrowserApp, type BrowserApp } from './support/browser-app';
import { launchChromium, type Browser } from './support/chromium';

const BUNDLE = path.resolve(__dirname, '../fixtures/bundles/before-message-ids.zip');
const T = CATALOGS.en.collect.fromBundle;

/**
 * Collect from the demo lab, then open a bundle through the file picker: step 3 does not show
 * the earlier collection's rows next to the bundle's diagnosis; it says where the diagnosis
 * came from and offers to collect anew, which brings rows back.
 */
describe('wizard: step 3 after opening a bundle', () => {
  let app: BrowserApp;
  let browser: Browser;

  beforeAll(async () => {
    app = await startBrowserApp();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const steps = () => browser.page.getByRole('navigation', { name: 'Steps' });

  it('shows no rows of the earlier collection, says the diagnosis came from a bundle, and collects anew', async () => {
    const welcome = new WelcomePage(browser.page);
    await browser.page.goto(app.bridge.url);
    await welcome.open();
    await welcome.tryDemoLab();
    const targets = new TargetsPage(browser.page);
    await targets.open();
    await targets.next();
    const collect = new CollectPage(browser.page);
    await collect.open();
    await collect.waitForDone();
    expect((await collect.rows()).length).toBeGreaterThan(0);
    await collect.continueToFindings();

    await steps().getByRole('button', { name: '1. Welcome' }).click();
    await welcome.open();
    const [chooser] = await Promise.all([browser.page.waitForEvent('filechooser'), welcome.openBundleButton().click()]);
    await chooser.setFiles(BUNDLE);
    await new FindingsPage(browser.page).open();

    await steps().getByRole('button', { name: '3. Collect' }).click();
    await collect.waitForStep(T.title);
    expect(await collect.headingHasFocus()).toBe(true);
    expect(await browser.page.locator('.collect-from-bundle').textContent()).toBe(T.text);
    expect(await browser.page.locator('.progress-table').count()).toBe(0);
    expect(await axeViolations(browser.page)).toEqual([]);
    await collect.screenshot(1, 'collect-after-bundle');

    await browser.page.getByRole('button', { name: CATALOGS.en.collect.again }).click();
    await collect.open();
    await collect.waitForDone();
    expect((await collect.rows()).length).toBeGreaterThan(0);
  });

  it('ran without console errors, CSP violations or failed requests', () => {
    expect(browser.problems).toEqual([]);
  });
});
