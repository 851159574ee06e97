import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoLab, type DemoLab } from '../../electron/core/demo-lab/lab';
import { CATALOGS } from '../../shared/i18n';
import { CollectPage } from './pages';
import { axeViolations } from './support/axe';
import { RestartableApp } from './support/restartable-app';

const T = CATALOGS.en;

/**
 * Cancel during a collection: every unfinished row says so at once, and the step offers the way
 * on. The cluster answers each read only after a while, so the collection is surely still going
 * when Cancel is pressed, however fast the machine.
 */
describe('Collect: Cancel', () => {
  let lab: DemoLab;
  let dir: string;
  let app: RestartableApp;

  beforeAll(async () => {
    lab = await startDemoLab();
    dir = await mkdtemp(path.join(tmpdir(), 'rd-e2e-collect-cancel-'));
    app = new RestartableApp({ configDir: path.join(dir, 'config'), home: path.join(dir, 'home') });
  });

  afterAll(async () => {
    await app?.stop();
    await lab?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('turns every unfinished row into Cancelled at once; no row still says Collecting later; Cancel gives way to Collect again', async () => {
    const { page } = await app.start();
    await page.getByRole('button', { name: T.welcome.real }).click();
    await page.getByLabel(T.targets.kubePanel.kubeconfig, { exact: true }).fill(lab.kubeconfigPath);
    await page.getByRole('button', { name: T.targets.kubePanel.load }).click();
    await page.locator('.context-card [data-reach="reachable"]').waitFor();
    // From here on every read of the cluster takes two seconds.
    lab.kubeFaults.latencyMs = 2000;
    await page.getByRole('button', { name: T.targets.next }).click();
    const collect = new CollectPage(page);
    await collect.cancelButton().waitFor();
    expect(await collect.cancelButton().isEnabled()).toBe(true);
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
    lab.kubeFaults.latencyMs = 0;
    await page.getByRole('button', { name: 'Collect again' }).click();
    await collect.waitForDone();
    expect((await collect.rows()).every((r) => r.state === 'Done')).toBe(true);
    expect(await collect.heading().textContent()).toBe(CollectPage.FINISHED.ok);
  });

  it('ran without console errors', () => {
    expect(app.browser!.problems).toEqual([]);
  });
});
