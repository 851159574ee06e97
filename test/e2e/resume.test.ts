import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectPage, FindingsPage, TargetsPage, WelcomePage } from './pages';
import { axeViolations } from './support/axe';
import { RestartableApp } from './support/restartable-app';

/**
 * Resume: the wizard's state is kept on the main side, in the app's data directory, so it comes
 * back after the app (here: the bridge and its handlers) restarts and the page is a new browser
 * profile with nothing in its own storage.
 */
describe('wizard: resume after a restart', () => {
  let dir: string;
  let configDir: string;
  let restartable: RestartableApp;
  let findingIds: string[] = [];
  const start = () => restartable.start();
  const stop = () => restartable.stop();

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rd-e2e-resume-'));
    configDir = path.join(dir, 'config');
    restartable = new RestartableApp({ configDir, home: path.join(dir, 'home') });
  });

  afterAll(async () => {
    await stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('a demo diagnosis, SSH unticked, dark theme: then the app stops', async () => {
    const { page } = await start();
    const welcome = new WelcomePage(page);
    await welcome.open();
    await welcome.tryDemoLab();
    const targets = new TargetsPage(page);
    await targets.open();
    await targets.checkbox('SSH host').uncheck();
    await targets.next();
    const collect = new CollectPage(page);
    await collect.waitForDone();
    const findings = await collect.continueToFindings();
    findingIds = await findings.findingIds();
    expect(findingIds.length).toBeGreaterThan(0);
    await page.getByLabel('Theme').selectOption('dark');
    // Saved on the main side, not in the page: wait for the file to say so.
    await expect
      .poll(() => restartable.savedState(), { timeout: 5000 })
      .toMatchObject({ state: { step: 'findings', preferences: { theme: 'dark' } } });
    const saved = await readFile(path.join(configDir, 'wizard-state.json'), 'utf8');
    expect(saved).not.toMatch(/token"\s*:/i);
    await stop();
  });

  it('after the restart: the same findings, the theme and the unticked target are back, with a note saying so', async () => {
    const { page } = await start();
    const findings = new FindingsPage(page);
    await findings.open();
    expect(await findings.findingIds()).toEqual(findingIds);
    expect(await page.locator('.messages [role="status"]').textContent()).toMatch(/^Picked up where you left off \(saved .+\): your targets, the last diagnosis and its findings\.$/);
    expect(await page.getByLabel('Theme').inputValue()).toBe('dark');
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme)).toBe('dark');
    expect(await axeViolations(page)).toEqual([]);
    await findings.screenshot(60, 'resumed-findings');

    // The evidence is there too: the viewer opens the cited line of the reopened diagnosis.
    const card = findings.finding(findingIds[0]!);
    await card.getByRole('button', { name: 'Show in file' }).first().click();
    await page.locator('.viewer-row.viewer-cited .viewer-text:not(.viewer-pending)').waitFor();
    await page.keyboard.press('Escape');

    await page.getByRole('navigation', { name: 'Steps' }).getByRole('button', { name: '2. Targets' }).click();
    const targets = new TargetsPage(page);
    await targets.open();
    expect(await targets.checkbox('SSH host').isChecked()).toBe(false);
    expect(await targets.checkbox('Kubernetes').isChecked()).toBe(true);
    expect(restartable.browser?.problems).toEqual([]);
    await stop();
  });

  it('a corrupt saved state: the wizard starts at Welcome with a clear note, and the next start is clean', async () => {
    await writeFile(path.join(configDir, 'wizard-state.json'), '{"version":1,"state":{"step":');
    const { page } = await start();
    const welcome = new WelcomePage(page);
    await welcome.open();
    await expect.poll(() => page.locator('.messages [role="status"]').textContent()).toBe('The state saved by the last run could not be read, so the wizard starts afresh.');
    expect(restartable.browser?.problems).toEqual([]);
    await stop();
    const { page: again } = await start();
    await new WelcomePage(again).open();
    await again.waitForTimeout(500);
    expect(await again.locator('.messages [role="status"]').textContent()).toBe('');
  });
});
