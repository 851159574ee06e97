import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoLab, type DemoLab } from '../../electron/core/demo-lab/lab';
import { CATALOGS } from '../../shared/i18n';
import { AppPage, EvidenceViewer, SCREENSHOT_DIR } from './pages';
import { axeViolations } from './support/axe';
import { englishLeft } from './support/english-left';
import { RestartableApp } from './support/restartable-app';

const T = CATALOGS.ru;
const LINES = 3000;
const CITED = 1500;
const LONG = 40;
const LONG_TEXT = `Checking for jobs... ${'very-long-token-free-field=value '.repeat(40)}END-OF-LONG-LINE`;

/** A runner log as a terminal writes it: colour codes every 100th line, one very long line, the same error three times. */
function runnerLog(): string {
  const lines: string[] = [];
  for (let n = 1; n <= LINES; n++) {
    if (n === CITED || n === CITED + 4 || n === CITED + 9) lines.push('ERROR: Job failed (system failure): frobnicator exploded');
    else if (n === LONG) lines.push(LONG_TEXT);
    else if (n % 100 === 0) lines.push(`\x1b[0;33mWARNING: Appending trace to coordinator...\x1b[0m failed n=${n}`);
    else lines.push(`Checking for jobs... nothing n=${n}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A Russian engineer's walk, on an OS in Russian and in the dark scheme at 1280×800: "Diagnose my
 * runners" on the lab's cluster and a runner log, the evidence viewer, the exported bundle's
 * report.html opened in Chromium, and a restart of the browser-mode host. axe on every step;
 * nothing left in English but evidence and names of things.
 */
describe('walk in Russian and dark: viewer, report.html, resume', () => {
  let lab: DemoLab;
  let dir: string;
  let app: RestartableApp;
  let log: string;
  let findingIds: string[] = [];
  const page = () => app.browser!.page;
  /** The lab's names, and the log line the "unexplained error" finding quotes in its title. */
  const names = () => [lab.kubeContext, lab.namespace, 'demo-lab', 'demo-admin', 'Job', 'failed', 'system', 'failure', 'frobnicator', 'exploded'];
  const shots = () => new AppPage(page(), 'walk-ru-');
  const findingIdsShown = () => page().locator('article.finding').evaluateAll((els) => els.map((e) => e.getAttribute('data-finding-id') ?? ''));
  /** The theme follows the OS: its dark scheme gives the page a dark background. */
  const darkBackground = () =>
    page().evaluate(() => {
      const [r, g, b] = (getComputedStyle(document.body).backgroundColor.match(/\d+/g) ?? []).map(Number);
      return matchMedia('(prefers-color-scheme: dark)').matches && (r ?? 255) + (g ?? 255) + (b ?? 255) < 150;
    });
  const checkStep = async (index: number, name: string) => {
    expect(await axeViolations(page()), name).toEqual([]);
    expect(await englishLeft(page(), { names: names() }), name).toEqual([]);
    await shots().screenshot(index, name);
  };

  beforeAll(async () => {
    lab = await startDemoLab();
    dir = await mkdtemp(path.join(tmpdir(), 'rd-e2e-walk-ru-'));
    log = path.join(dir, 'runner.log');
    await writeFile(log, runnerLog());
    app = RestartableApp.russianDark(dir);
  });

  afterAll(async () => {
    await app?.stop();
    await lab?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('1. Welcome to Findings in Russian and dark, the app following the OS', async () => {
    const { page } = await app.start();
    await shots().waitForStep(T.welcome.title);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ru');
    expect(await darkBackground()).toBe(true);
    await checkStep(1, 'welcome');
    await page.getByRole('button', { name: T.welcome.real }).click();
    await page.getByLabel(T.targets.kubePanel.kubeconfig, { exact: true }).fill(lab.kubeconfigPath);
    await page.getByRole('button', { name: T.targets.kubePanel.load }).click();
    await page.locator('.context-card [data-reach="reachable"]').waitFor();
    await page.getByLabel(/^Логи, файлы config\.toml/).fill(log);
    await checkStep(2, 'targets');
    await page.getByRole('button', { name: T.targets.next }).click();
    await page.getByRole('button', { name: T.collect.continue }).waitFor({ timeout: 90_000 });
    expect(await shots().heading().textContent()).toBe(T.collect.titleFinished.ok);
    expect(await page.locator('.progress-table').textContent()).toContain(`Файлы ${log}`);
    await checkStep(3, 'collect');
    await page.getByRole('button', { name: T.collect.continue }).click();
    await shots().waitForStep(T.findings.title);
    findingIds = await findingIdsShown();
    expect(findingIds).toEqual(expect.arrayContaining(['job-token-expired', 'unexplained-errors']));
    await checkStep(4, 'findings');
  });

  it('2. the evidence viewer: cited line in view, ANSI colours, long lines scroll or wrap, search in Russian', async () => {
    const viewer = new EvidenceViewer(page());
    const card = page().locator('article.finding[data-finding-id="unexplained-errors"]').first();
    await card.getByRole('button', { name: T.findings.showInFile }).first().click();
    const dialog = viewer.dialog();
    await dialog.waitFor();
    const cited = dialog.locator('.viewer-row.viewer-cited');
    await cited.locator('.viewer-text:not(.viewer-pending)').waitFor();
    expect(Number(await cited.getAttribute('data-line'))).toBe(CITED);
    const scroller = await dialog.locator('.viewer-scroller').boundingBox();
    const row = await cited.boundingBox();
    expect(row!.y >= scroller!.y && row!.y + row!.height <= scroller!.y + scroller!.height).toBe(true);
    expect(await dialog.locator('.viewer-at').textContent()).toBe(`Строка ${CITED}, цитируемая строка ${CITED}`);

    // Colours, not codes.
    await dialog.getByLabel(T.viewer.goToLine).fill('1400');
    await page().keyboard.press('Enter');
    const warning = dialog.locator('.viewer-row[data-line="1400"] .viewer-text');
    await warning.locator('.ansi-33').waitFor();
    expect(await warning.textContent()).toBe('WARNING: Appending trace to coordinator... failed n=1400');
    const colours = await warning.evaluate((el) => [getComputedStyle(el.querySelector('.ansi-33')!).color, getComputedStyle(el).color]);
    expect(colours[0]).not.toBe(colours[1]);

    // The long line: scrolls sideways, or wraps when asked.
    await dialog.getByLabel(T.viewer.goToLine).fill(String(LONG));
    await page().keyboard.press('Enter');
    const long = dialog.locator(`.viewer-row[data-line="${LONG}"]`);
    await long.locator('.viewer-text:not(.viewer-pending)').waitFor();
    const wide = () => dialog.locator('.viewer-scroller').evaluate((el) => el.scrollWidth > el.clientWidth);
    expect(await wide()).toBe(true);
    await dialog.locator('.viewer-scroller').evaluate((el) => (el.scrollLeft = el.scrollWidth));
    const end = await long.getByText('END-OF-LONG-LINE').boundingBox();
    expect(end!.x + end!.width).toBeLessThanOrEqual(scroller!.x + scroller!.width);
    await dialog.getByRole('checkbox', { name: T.viewer.wrap }).check();
    await expect.poll(wide).toBe(false);
    expect((await long.boundingBox())!.height).toBeGreaterThan(40);
    await shots().screenshot(5, 'viewer-wrapped', { fullPage: false });
    await dialog.getByRole('checkbox', { name: T.viewer.wrap }).uncheck();

    // Search: a count in Russian, next and previous.
    // Every 100th line but the cited one: 29 matches. The search starts at the keyboard's line (40).
    expect(await viewer.searchFor('appending trace')).toBe('1 из 29');
    await dialog.getByRole('button', { name: T.viewer.nextMatch, exact: true }).click();
    expect(await viewer.waitForMatch('2 из 29')).toBe(200);
    await dialog.getByRole('button', { name: T.viewer.previousMatch, exact: true }).click();
    expect(await viewer.waitForMatch('1 из 29')).toBe(100);
    await dialog.getByRole('button', { name: T.viewer.previousMatch, exact: true }).click();
    expect(await viewer.waitForMatch('29 из 29')).toBe(3000);
    expect(await axeViolations(page())).toEqual([]);
    expect(await englishLeft(page(), { scope: dialog })).toEqual([]);
    await shots().screenshot(6, 'viewer-search', { fullPage: false });
    await page().keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('3. report.html from the exported bundle, opened in Chromium: Russian, dark, landmarks, axe-clean', async () => {
    await page().getByRole('button', { name: T.findings.next }).click();
    await shots().waitForStep(T.export.title);
    await checkStep(7, 'export');
    const [download] = await Promise.all([page().waitForEvent('download'), page().getByRole('button', { name: T.export.save }).click()]);
    const bundle = path.join(dir, download.suggestedFilename());
    await download.saveAs(bundle);
    const unpacked = path.join(dir, 'unpacked');
    execFileSync('unzip', ['-q', '-o', bundle, 'report.html', '-d', unpacked]);
    const report = await app.browser!.context.newPage();
    try {
      await report.goto(pathToFileURL(path.join(unpacked, 'report.html')).href);
      expect(await report.evaluate(() => document.documentElement.lang)).toBe('ru');
      expect(await report.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(18, 22, 31)');
      expect(await report.locator('main').count()).toBe(1);
      expect(await report.locator('h1').count()).toBe(1);
      // All rules, the best-practice ones (landmark-one-main, region) too.
      expect(await axeViolations(report, { allImpacts: true })).toEqual([]);
      // GitLab's own words in the findings' advice: its Cancel button, the canceling status, the container registry.
      const left = await englishLeft(report, { names: [...names(), 'Cancel', 'canceling', 'container', 'registry'] });
      expect(left).toEqual([]);
      await mkdir(SCREENSHOT_DIR, { recursive: true });
      await report.screenshot({ path: path.join(SCREENSHOT_DIR, 'walk-ru-08-report.png'), fullPage: true });
    } finally {
      await report.close();
    }
  });

  it('4. after a restart of the host: the findings, targets and preferences are back, in Russian and dark', async () => {
    await expect.poll(() => app.savedState(), { timeout: 5000 }).toMatchObject({ state: { step: 'export', preferences: { language: 'ru' } } });
    await app.stop();
    await app.start();
    const p = page();
    await shots().waitForStep(T.export.title);
    expect(await p.locator('.messages [role="status"]').textContent()).toMatch(/^Продолжаем с того же места \(сохранено .+\): цели, последняя диагностика и её находки\.$/);
    expect(await p.evaluate(() => document.documentElement.lang)).toBe('ru');
    expect(await darkBackground()).toBe(true);
    await p.getByRole('navigation', { name: T.steps.label }).getByRole('button', { name: `4. ${T.steps.findings}` }).click();
    await shots().waitForStep(T.findings.title);
    expect(await findingIdsShown()).toEqual(findingIds);
    await checkStep(9, 'resumed-findings');
    await p.getByRole('navigation', { name: T.steps.label }).getByRole('button', { name: `2. ${T.steps.targets}` }).click();
    await shots().waitForStep(T.targets.realTitle);
    expect(await p.getByLabel(T.targets.kubePanel.kubeconfig, { exact: true }).inputValue()).toBe(lab.kubeconfigPath);
    expect(await p.getByLabel(/^Логи, файлы config\.toml/).inputValue()).toBe(log);
    await p.getByRole('button', { name: T.targets.kubePanel.load }).click();
    const ns = p.locator(`.context-card[data-context="${lab.kubeContext}"]`).getByRole('checkbox', { name: lab.namespace, exact: true });
    await ns.waitFor();
    expect(await ns.isChecked()).toBe(true);
    await checkStep(10, 'resumed-targets');
  });

  it('ran without console errors, CSP violations or failed requests', () => {
    expect(app.browser!.problems).toEqual([]);
  });
});
