import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectPage, EvidenceViewer, RealTargetsPage, WelcomePage } from './pages';
import { startBrowserApp, type BrowserApp } from './support/browser-app';
import { launchChromium, type Browser } from './support/chromium';

const TOTAL = 3000;
/** Two failures, each its own finding, quoting lines from the top, the middle and the very end of the log. */
const EXPLODED = [2, 1500, 2990, 2999, 3000];
const MELTED = [1, 40, 2998];

function lineAt(n: number): string {
  const id = String(n).padStart(4, '0');
  if (EXPLODED.includes(n)) return `ERROR: frobnicator exploded #${id}`;
  if (MELTED.includes(n)) return `FATAL: widget melted #${id}`;
  return `Checking for jobs... nothing #${id}`;
}

/**
 * The evidence viewer opened afresh 50 times on different findings and lines of a 3000-line
 * runner log: the cited row is inside the scroller every time, and the range label names the
 * rows on screen, down to the file's last line.
 */
describe('evidence viewer: the cited line in view at every first open', () => {
  let app: BrowserApp;
  let browser: Browser;
  let dir: string;
  const card = (text: string) => browser.page.locator('article.finding', { hasText: text }).first();
  const lines = (range: string) => /^Lines (\d+)–(\d+) of (\d+)$/.exec(range)?.slice(1).map(Number);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rd-e2e-cited-'));
    await writeFile(path.join(dir, 'runner.log'), Array.from({ length: TOTAL }, (_, i) => `${lineAt(i + 1)}\n`).join(''));
    app = await startBrowserApp({ configDir: path.join(dir, 'config'), home: path.join(dir, 'home') });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('collects the log: one finding per failure, each quoting its lines', async () => {
    const page = browser.page;
    await page.goto(app.bridge.url);
    const welcome = new WelcomePage(page);
    await welcome.open();
    await welcome.diagnoseButton().click();
    const targets = new RealTargetsPage(page);
    await targets.open();
    await targets.fill(/^Log files, config.toml files/, path.join(dir, 'runner.log'));
    await targets.next();
    const collect = new CollectPage(page);
    await collect.waitForDone();
    await collect.continueToFindings();
    for (const [text, cited] of [
      ['frobnicator exploded', EXPLODED],
      ['widget melted', MELTED],
    ] as const) {
      await card(text).locator('button.expand').click();
      await card(text).locator('.finding-details').waitFor();
      expect(await card(text).locator('figure.evidence figcaption code').allTextContents()).toEqual(cited.map((n) => `evidence/files/runner.log:${n}`));
    }
  });

  it('50 fresh opens, alternating findings and lines (the last one of the file among them): the cited row inside the scroller each time', async () => {
    const viewer = new EvidenceViewer(browser.page);
    const opens = [
      ['frobnicator exploded', 3000],
      ['widget melted', 1],
      ['frobnicator exploded', 1500],
      ['widget melted', 2998],
      ['frobnicator exploded', 2],
      ['widget melted', 40],
      ['frobnicator exploded', 2999],
      ['frobnicator exploded', 2990],
    ] as const;
    const missed: string[] = [];
    for (let i = 0; i < 50; i++) {
      const [text, line] = opens[i % opens.length]!;
      await viewer.openFrom(card(text), `#${String(line).padStart(4, '0')}`);
      const cited = await viewer.cited();
      expect(cited.line).toBe(line);
      // Late layout (pages loading, a resize) gets its chance to move the view.
      await browser.page.waitForTimeout(30);
      const range = lines(await viewer.range());
      if (!(await viewer.citedInView()) || !range || line < range[0]! || line > range[1]!) missed.push(`open ${i + 1}: line ${line}, ${await viewer.range()}`);
      await browser.page.keyboard.press('Escape');
      await viewer.dialog().waitFor({ state: 'detached' });
    }
    expect(missed).toEqual([]);
  });

  it('the range label names the rows on screen: in the middle, after End, and at the bottom of the scrollbar', async () => {
    const viewer = new EvidenceViewer(browser.page);
    await viewer.openFrom(card('frobnicator exploded'), '#1500');
    await viewer.cited();
    const middle = lines(await viewer.range());
    const seen = await viewer.onScreen();
    expect(middle).toEqual([seen.first, seen.last, TOTAL]);

    await browser.page.keyboard.press('End');
    await browser.page.waitForFunction((n) => document.querySelector('[role="dialog"] .viewer-cursor')?.getAttribute('data-line') === String(n), TOTAL);
    await viewer.rows();
    const atEnd = await viewer.onScreen();
    expect(atEnd.last).toBe(TOTAL);
    expect(lines(await viewer.range())).toEqual([atEnd.first, TOTAL, TOTAL]);

    // Dragging the scrollbar to its end: the last line wholly in view, and named.
    await viewer.goToLine(1);
    await viewer.waitForFirstLine(1);
    await viewer.dialog().locator('.viewer-scroller').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await browser.page.waitForFunction(() => document.querySelector('[role="dialog"] .viewer-range')?.textContent?.includes('–3000 '));
    await viewer.rows();
    const bottom = await viewer.onScreen();
    expect(lines(await viewer.range())).toEqual([bottom.first, TOTAL, TOTAL]);
    const lastWhole = await browser.page.evaluate(() => {
      const scroller = document.querySelector<HTMLElement>('[role="dialog"] .viewer-scroller')!;
      const row = scroller.querySelector('.viewer-row[data-line="3000"]')!.getBoundingClientRect();
      return row.bottom <= scroller.getBoundingClientRect().top + scroller.clientTop + scroller.clientHeight;
    });
    expect(lastWhole).toBe(true);
    await browser.page.keyboard.press('Escape');
    await viewer.dialog().waitFor({ state: 'detached' });
  });

  it('ran without console errors, CSP violations or failed requests', () => {
    expect(browser.problems).toEqual([]);
  });
});
