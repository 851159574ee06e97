import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoLab, type DemoLab } from '../../electron/core/demo-lab/lab';
import { CATALOGS } from '../../shared/i18n';
import { sourceIds } from '../../shared/source-ids';
import { CollectPage } from './pages';
import { axeViolations } from './support/axe';
import { englishLeft } from './support/english-left';
import { RestartableApp } from './support/restartable-app';

const T = CATALOGS.ru;

/**
 * Every source fails: the cluster's API answers 503 to every read in the two namespaces chosen. In Russian and the dark theme, at 1280×800, the Collect step says the collection
 * failed (not "finished"), each row says why in Russian, and a retry of the recovered cluster
 * turns it into a collection with one error.
 */
describe('wizard: collection in which every source fails (Russian, dark)', () => {
  let lab: DemoLab;
  let dir: string;
  let app: RestartableApp;
  let other: string;
  const fault = { match: / \/apis?\//, code: 503, message: 'etcdserver: request timed out' };
  const page = () => app.browser!.page;
  const heading = () => page().locator('h2.step-heading');

  beforeAll(async () => {
    lab = await startDemoLab();
    dir = await mkdtemp(path.join(tmpdir(), 'rd-e2e-collect-failed-'));
    other = lab.namespaces.find((ns) => ns !== lab.namespace)!;
    app = RestartableApp.russianDark(dir);
  });

  afterAll(async () => {
    await app?.stop();
    await lab?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('1. the heading says "Сбор не удался", every row says why in Russian, each with a retry', async () => {
    const { page } = await app.start();
    await heading().filter({ hasText: T.welcome.title }).waitFor();
    await page.getByRole('button', { name: T.welcome.real }).click();
    await page.getByLabel(T.targets.kubePanel.kubeconfig, { exact: true }).fill(lab.kubeconfigPath);
    await page.getByRole('button', { name: T.targets.kubePanel.load }).click();
    // The context's own namespace is ticked once the contexts are in; the cluster is reachable.
    await page.locator('.context-card [data-reach="reachable"]').waitFor();
    const card = page.locator(`.context-card[data-context="${lab.kubeContext}"]`);
    await card.getByRole('button', { name: new RegExp(`^(${T.targets.context.list}|${T.targets.context.listAgain})$`) }).click();
    await card.getByRole('checkbox', { name: other, exact: true }).check();
    expect(await card.getByRole('checkbox', { name: lab.namespace, exact: true }).isChecked()).toBe(true);
    lab.kubeFaults.failRequests.push(fault);
    await page.getByRole('button', { name: T.targets.next }).click();

    const collect = new CollectPage(page, 'collect-failed-');
    await page.getByRole('button', { name: T.collect.backToTargets }).waitFor({ timeout: 90_000 });
    expect(await heading().textContent()).toBe(T.collect.titleFinished.failed);
    expect(await collect.liveRegionText()).toBe(T.collect.finished.allFailed);
    const kube = sourceIds.kubeNamespace(lab.kubeContext, lab.namespace);
    const rows = await collect.rows();
    const top = rows.filter((r) => r.source === kube || r.source === sourceIds.kubeNamespace(lab.kubeContext, other));
    expect(top.map((r) => r.source)).toHaveLength(2);
    for (const row of top) expect(row.state, row.source).toMatch(new RegExp(`^${T.collect.state.failed}`));
    const kubeRow = top.find((r) => r.source === kube)!;
    expect(kubeRow.details).toBe(`В ${lab.namespace} ничего не удалось прочитать: Не удалось получить список подов в ${lab.namespace}: HTTP 503: etcdserver: request timed out`);
    expect(await page.getByRole('button', { name: new RegExp(`^${T.collect.retry} `) }).count()).toBe(2);
    expect(await englishLeft(page, { names: [lab.kubeContext, lab.namespace, other] })).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await collect.screenshot(1, 'all-failed');
  });

  it('2. the cluster answers again: its retry succeeds and the heading says the collection finished with an error', async () => {
    lab.kubeFaults.failRequests.splice(lab.kubeFaults.failRequests.indexOf(fault), 1);
    const collect = new CollectPage(page(), 'collect-failed-');
    const kube = sourceIds.kubeNamespace(lab.kubeContext, lab.namespace);
    await page().getByRole('button', { name: `${T.collect.retry} Kubernetes ${lab.kubeContext}/${lab.namespace}`, exact: true }).click();
    await expect.poll(async () => (await collect.rows()).find((r) => r.source === kube)?.state, { timeout: 60_000 }).toBe(T.collect.state.done);
    expect(await heading().textContent()).toBe(T.collect.titleFinished.withErrors);
    expect(await collect.liveRegionText()).toBe('Сбор завершён: 1 источник с ошибкой.');
    expect(await page().getByRole('button', { name: T.collect.continue }).isVisible()).toBe(true);
    expect(await axeViolations(page())).toEqual([]);
    await collect.screenshot(2, 'one-failed');
  });

  it('ran without console errors, CSP violations or failed requests', () => {
    expect(app.browser!.problems).toEqual([]);
  });
});
