import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectPage, WelcomePage } from './pages';
import { axeViolations } from './support/axe';
import { startBrowserApp, type BrowserApp } from './support/browser-app';
import { launchChromium, type Browser } from './support/chromium';

/** Cancel during a demo collection: every unfinished row says so at once, and the step offers the way on. */
describe('Collect: Cancel', () => {
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

  it('turns every unfinished row into Cancelled at once; no row still says Collecting later; Cancel gives way to Collect again', async () => {
    const page = browser.page;
    await page.goto(app.bridge.url);
    const collect = await new WelcomePage(page).collectDemoLab();
    await collect.cancelButton().click();
    // "At once": within a moment of the click, not when the last source gives up.
    await page.getByText('Collection cancelled.', { exact: true }).waitFor({ timeout: 1500 });
    expect(await collect.heading().textContent()).toBe(CollectPage.FINISHED.cancelled);
    const right = await collect.rows();
    expect(
      right.some((r) => r.state === 'Cancelled'),
      JSON.stringify(right),
    ).toBe(true);
    expect(
      right.every((r) => r.state === 'Done' || r.state === 'Cancelled'),
      JSON.stringify(right),
    ).toBe(true);
    // The State column says Cancelled; the details say where each row stopped, not "Cancelled" again.
    const stopped = right.filter((r) => r.state === 'Cancelled');
    expect(
      stopped.every((r) => r.details === '' || /^Stopped during: \S/.test(r.details)),
      JSON.stringify(stopped),
    ).toBe(true);
    const items = await page.locator('.progress-table tr.part-row td:first-of-type').allTextContents();
    expect(
      items.every((s) => s.trim() !== 'Collecting' && s.trim() !== 'Waiting'),
      JSON.stringify(items),
    ).toBe(true);
    expect(await collect.cancelButton().count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Collect again' }).isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await collect.screenshot(31, 'collect-cancelled', { fullPage: false });

    // Late answers from sources that were still running do not bring "Collecting" back.
    await page.waitForTimeout(3000);
    const later = await collect.rows();
    expect(later).toEqual(right);
    expect(await page.locator('.progress-table').getByText('Collecting', { exact: true }).count()).toBe(0);

    // The step stays put; Collect again runs it to the end.
    expect(await collect.currentNavStep()).toBe('3. Collect');
    await page.getByRole('button', { name: 'Collect again' }).click();
    await collect.waitForDone();
    expect((await collect.rows()).every((r) => r.state === 'Done')).toBe(true);
    expect(await collect.heading().textContent()).toBe(CollectPage.FINISHED.ok);
  });

  it('ran without console errors', () => {
    expect(browser.problems).toEqual([]);
  });
});
