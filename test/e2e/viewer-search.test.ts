import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EvidenceViewer } from './pages';
import { axeViolations } from './support/axe';
import { collectLog, useLogWizard } from './support/log-wizard';

/** Under the 50 MiB an evidence file may hold, so the whole log is kept: about 37 MB. */
const TOTAL = 1_000_000;
/** The same failure three times: one finding quoting three lines of the file. */
const ERROR_LINES = [600_001, 600_005, 600_012];
/** Coloured like a runner on a terminal, every 25,000th line: 40 of them. */
const WARNING_EVERY = 25_000;

function lineAt(n: number): string {
  if (ERROR_LINES.includes(n)) return 'ERROR: Job failed (system failure): frobnicator exploded';
  if (n % WARNING_EVERY === 0) return `\x1b[0;33mWARNING: Appending trace to coordinator...\x1b[0m failed n=${n}`;
  return `Checking for jobs... nothing n=${n}`;
}

async function writeLog(file: string): Promise<void> {
  const out = createWriteStream(file);
  for (let n = 1; n <= TOTAL; n += 10_000) {
    let chunk = '';
    for (let k = n; k < n + 10_000; k++) chunk += `${lineAt(k)}\n`;
    if (!out.write(chunk)) await new Promise<void>((ok) => out.once('drain', () => ok()));
  }
  await new Promise<void>((ok, fail) => out.end((err?: Error | null) => (err ? fail(err) : ok())));
}

/**
 * The evidence viewer's search on a 1M-line runner log collected through "Diagnose my runners"
 * → Files: match count, next/previous by keyboard and buttons, matches and quoted lines
 * highlighted, and the page stays responsive while the whole file is searched.
 */
describe('evidence viewer: search in a 1M-line log', () => {
  const w = useLogWizard('rd-e2e-search-', writeLog);

  it('collects the log and opens it at the cited line, the other quoted lines highlighted apart', async () => {
    const page = w.browser.page;
    const findings = await collectLog(page, w.app.bridge.url, w.log);

    const viewer = new EvidenceViewer(page);
    await viewer.openFrom(findings.finding('unexplained-errors'), 'frobnicator exploded');
    const cited = await viewer.cited();
    expect(cited.line).toBe(ERROR_LINES[0]);
    const quoted = await viewer.dialog().locator('.viewer-row.viewer-evidence').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-line'))));
    expect(quoted).toEqual(ERROR_LINES.slice(1));
    expect(await viewer.range()).toMatch(/ of 1000000$/);
  });

  it('Ctrl+F, a query: "25 of 40" from the cited line on, the match marked in its colours', async () => {
    const page = w.browser.page;
    const viewer = new EvidenceViewer(page);
    await page.keyboard.press('Control+f');
    expect(await viewer.searchBox().evaluate((el) => el === document.activeElement)).toBe(true);

    // The whole file is searched on the main side (evidence.search), not in the page. How long
    // that takes is measured by `npm run bench` (viewer), not timed here, where a loaded machine
    // would make any limit flaky.
    await viewer.searchBox().pressSequentially('appending TRACE');
    const line = await viewer.waitForMatch('25 of 40');
    expect(line).toBe(625_000);
    expect(await viewer.cursorLine()).toBe(625_000);
    expect(await viewer.marks()).toEqual(['Appending trace']);
    expect(await viewer.dialog().locator('.viewer-row.viewer-match-current .ansi-33').count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    await viewer.dialog().locator('.viewer-row.viewer-match-current').waitFor();
    const shot = path.resolve('test-results', 'e2e', 'viewer-search.png');
    await page.screenshot({ path: shot });
  });

  it('Enter and F3 go forward, Shift+Enter and Shift+F3 back, wrapping at the ends; the buttons too', async () => {
    const page = w.browser.page;
    const viewer = new EvidenceViewer(page);
    await page.keyboard.press('Enter');
    expect(await viewer.waitForMatch('26 of 40')).toBe(650_000);
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.press('Shift+Enter');
    expect(await viewer.waitForMatch('24 of 40')).toBe(600_000);
    // F3 works wherever focus is in the viewer, e.g. on the file's contents.
    await viewer.dialog().locator('.viewer-scroller').focus();
    await page.keyboard.press('F3');
    expect(await viewer.waitForMatch('25 of 40')).toBe(625_000);
    await page.keyboard.press('Shift+F3');
    expect(await viewer.waitForMatch('24 of 40')).toBe(600_000);

    await viewer.goToLine(TOTAL - 1);
    await viewer.dialog().getByRole('button', { name: 'Next', exact: true }).click();
    expect(await viewer.waitForMatch('40 of 40')).toBe(1_000_000);
    await viewer.dialog().getByRole('button', { name: 'Next', exact: true }).click();
    expect(await viewer.waitForMatch('1 of 40')).toBe(25_000);
    await viewer.dialog().getByRole('button', { name: 'Previous', exact: true }).click();
    expect(await viewer.waitForMatch('40 of 40')).toBe(1_000_000);
  });

  it('says so when nothing matches, and the count caps at the first 10,000 matching lines', async () => {
    const viewer = new EvidenceViewer(w.browser.page);
    expect(await viewer.searchFor('no such text anywhere')).toBe('No matches');
    expect(await viewer.dialog().locator('.viewer-match').count()).toBe(0);
    const many = await viewer.searchFor('checking for jobs');
    expect(many).toMatch(/^[\d,]+ of 10,000\+ \(the first 10,000 matching lines\)$/);
    await w.browser.page.keyboard.press('Escape');
    await viewer.dialog().waitFor({ state: 'detached' });
  });

  it('ran without console errors, CSP violations or failed requests', () => {
    expect(w.browser.problems).toEqual([]);
  });
});
