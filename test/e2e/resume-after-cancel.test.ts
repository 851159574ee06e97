import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoLab, type DemoLab } from '../../electron/core/demo-lab/lab';
import { CATALOGS } from '../../shared/i18n';
import { CollectPage, FindingsPage } from './pages';
import { axeViolations } from './support/axe';
import { RestartableApp } from './support/restartable-app';

const T = CATALOGS.en;

/**
 * A collection cancelled after a diagnosis leaves that diagnosis on screen. After a restart the
 * banner must not call it "the last collection": step 3 shows the cancelled one. It names the
 * last collection that completed and says the one after it was cancelled.
 */
describe('wizard: a diagnosis restored after a cancelled collection', () => {
  let lab: DemoLab;
  let dir: string;
  let app: RestartableApp;

  beforeAll(async () => {
    lab = await startDemoLab();
    dir = await mkdtemp(path.join(tmpdir(), 'rd-e2e-resume-cancel-'));
    app = new RestartableApp({ configDir: path.join(dir, 'config'), home: path.join(dir, 'home') });
  });

  afterAll(async () => {
    await app?.stop();
    await lab?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('collects, then cancels a second collection; after a restart Findings names the last completed collection and step 3 the cancelled one', async () => {
    const { page } = await app.start();
    await page.getByRole('button', { name: T.welcome.real }).click();
    await page.getByLabel(T.targets.kubePanel.kubeconfig, { exact: true }).fill(lab.kubeconfigPath);
    await page.getByRole('button', { name: T.targets.kubePanel.load }).click();
    await page.locator('.context-card [data-reach="reachable"]').waitFor();
    await page.getByRole('button', { name: T.targets.next }).click();
    const collect = new CollectPage(page);
    await collect.waitForDone();

    // Collected again, slowly, and cancelled: the diagnosis of the first collection stays.
    lab.kubeFaults.latencyMs = 2000;
    await page.getByRole('button', { name: T.collect.again }).click();
    await collect.cancelButton().waitFor();
    await collect.cancelButton().click();
    await page.getByText(T.collect.finished.cancelled, { exact: true }).waitFor({ timeout: 5000 });
    lab.kubeFaults.latencyMs = 0;
    await expect.poll(async () => ((await app.savedState()).state as { collection?: { status: string } } | undefined)?.collection?.status, { timeout: 5000 }).toBe('cancelled');
    await app.stop();

    const { page: after } = await app.start();
    const findings = new FindingsPage(after);
    await findings.open();
    const notice = after.locator('.step .restored-notice p');
    expect(await notice.textContent()).toMatch(
      /^Restored after a restart: this is the diagnosis from the last collection that completed, .+, showing the targets as they were then; the collection after it was cancelled \(step 3 shows how far it got\)\./,
    );
    expect(await axeViolations(after)).toEqual([]);
    await after.getByLabel('Language').selectOption('ru');
    await findings.waitForStep('Находки');
    expect(await notice.textContent()).toMatch(/^Восстановлено после перезапуска: это диагностика из последнего завершённого сбора, .+; следующий сбор был отменён/);
    await after.getByLabel('Язык').selectOption('en');
    await findings.open();

    // Step 3 shows the cancelled collection, and says nothing of a restored diagnosis there.
    await after.getByRole('navigation', { name: 'Steps' }).getByRole('button', { name: '3. Collect' }).click();
    const restoredCollect = new CollectPage(after);
    await restoredCollect.open();
    expect(await restoredCollect.heading().textContent()).toBe(CollectPage.FINISHED.cancelled);
    expect((await restoredCollect.rows()).some((r) => r.state === 'Cancelled')).toBe(true);
    expect(await after.locator('.step .restored-notice').count()).toBe(0);
    expect(app.browser!.problems).toEqual([]);
  });
});
