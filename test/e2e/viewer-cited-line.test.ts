import { writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { EvidenceViewer } from './pages';
import { collectLog, useLogWizard } from './support/log-wizard';

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
  const w = useLogWizard('rd-e2e-cited-', (file) => writeFile(file, Array.from({ length: TOTAL }, (_, i) => `${lineAt(i + 1)}\n`).join('')));
  const card = (text: string) => w.browser.page.locator('article.finding', { hasText: text }).first();
  const lines = (range: string) => /^Lines (\d+)–(\d+) of (\d+)$/.exec(range)?.slice(1).map(Number);

  it('collects the log: one finding per failure, each quoting its lines', async () => {
    await collectLog(w.browser.page, w.app.bridge.url, w.log);
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
    const viewer = new EvidenceViewer(w.browser.page);
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
      await w.browser.page.waitForTimeout(30);
      const range = lines(await viewer.range());
      if (!(await viewer.citedInView()) || !range || line < range[0]! || line > range[1]!) missed.push(`open ${i + 1}: line ${line}, ${await viewer.range()}`);
      await w.browser.page.keyboard.press('Escape');
      await viewer.dialog().waitFor({ state: 'detached' });
    }
    expect(missed).toEqual([]);
  });

  it('the range label names the rows on screen: in the middle, after End, and at the bottom of the scrollbar', async () => {
    const viewer = new EvidenceViewer(w.browser.page);
    await viewer.openFrom(card('frobnicator exploded'), '#1500');
    await viewer.cited();
    const middle = lines(await viewer.range());
    const seen = await viewer.onScreen();
    expect(middle).toEqual([seen.first, seen.last, TOTAL]);

    await w.browser.page.keyboard.press('End');
    await w.browser.page.waitForFunction((n) => document.querySelector('[role="dialog"] .viewer-cursor')?.getAttribute('data-line') === String(n), TOTAL);
    await viewer.rows();
    const atEnd = await viewer.onScreen();
    expect(atEnd.last).toBe(TOTAL);
    expect(lines(await viewer.range())).toEqual([atEnd.first, TOTAL, TOTAL]);

    // Dragging the scrollbar to its end: the last line wholly in view, and named.
    await viewer.goToLine(1);
    await viewer.waitForFirstLine(1);
    await viewer.dialog().locator('.viewer-scroller').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await w.browser.page.waitForFunction(() => document.querySelector('[role="dialog"] .viewer-range')?.textContent?.includes('–3000 '));
    await viewer.rows();
    const bottom = await viewer.onScreen();
    expect(lines(await viewer.range())).toEqual([bottom.first, TOTAL, TOTAL]);
    const lastWhole = await w.browser.page.evaluate(() => {
      const scroller = document.querySelector<HTMLElement>('[role="dialog"] .viewer-scroller')!;
      const row = scroller.querySelector('.viewer-row[data-line="3000"]')!.getBoundingClientRect();
      return row.bottom <= scroller.getBoundingClientRect().top + scroller.clientTop + scroller.clientHeight;
    });
    expect(lastWhole).toBe(true);
    await w.browser.page.keyboard.press('Escape');
    await viewer.dialog().waitFor({ state: 'detached' });
  });

  it('ran without console errors, CSP violations or failed requests', () => {
    expect(w.browser.problems).toEqual([]);
  });
});
