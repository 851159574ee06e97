import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGS } from '../../shared/i18n';
import { closedPort } from '../helpers/kube/reach-kubeconfig';
import { AppPage } from './pages';
import { axeViolations } from './support/axe';
import { englishLeft } from './support/english-left';
import { RestartableApp } from './support/restartable-app';

const T = CATALOGS.ru;

/**
 * A kubeconfig with broken entries, read on the Targets step of a Russian app: the reader's
 * warnings (an entry without a name, a cluster without a server, a context naming no cluster)
 * are in Russian, with only the file's own names left in Latin letters, and in English again
 * after switching back.
 */
describe('Targets in Russian: the kubeconfig reader’s warnings', () => {
  let dir: string;
  let app: RestartableApp;
  let kubeconfig: string;
  const page = () => app.browser!.page;
  const warnings = () => page().locator('section.panel ul.warnings li');
  const texts = async () => (await warnings().allTextContents()).map((t) => t.trim());

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rd-e2e-kubeconfig-warnings-'));
    kubeconfig = path.join(dir, 'kubeconfig');
    const doc = {
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'staging',
      clusters: [
        { name: 'staging-cluster', cluster: { server: `https://127.0.0.1:${await closedPort()}` } },
        { name: 'serverless', cluster: {} },
        { cluster: { server: 'https://127.0.0.1:1' } },
      ],
      users: [{ name: 'ops', user: { token: 'kubeconfig-warnings-token-0123456789' } }],
      contexts: [
        { name: 'staging', context: { cluster: 'staging-cluster', user: 'ops', namespace: 'gitlab-runner' } },
        { name: 'half-deleted', context: { user: 'ops' } },
      ],
    };
    await writeFile(kubeconfig, stringify(doc), { mode: 0o600 });
    app = RestartableApp.russianDark(dir);
  });

  afterAll(async () => {
    await app?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lists the broken entries in Russian, naming the file and the entries', async () => {
    const { page } = await app.start();
    const shots = new AppPage(page, 'kubeconfig-warnings-');
    await shots.waitForStep(T.welcome.title);
    await page.getByRole('button', { name: T.welcome.real }).click();
    await page.getByLabel(T.targets.kubePanel.kubeconfig, { exact: true }).fill(kubeconfig);
    await page.getByRole('button', { name: T.targets.kubePanel.load }).click();
    await page.locator('.context-card[data-context="staging"]').waitFor();
    expect(await page.getByRole('list', { name: T.targets.kubePanel.warnings }).count()).toBe(1);
    expect(await texts()).toEqual([
      `${kubeconfig}: у кластера «serverless» не указан server; пропущен`,
      `${kubeconfig}: у записи в clusters нет имени; пропущена`,
      `${kubeconfig}: в контексте «half-deleted» не указан кластер; пропущен`,
    ]);
    // The context that names no cluster is not offered.
    expect(await page.locator('.context-card').evaluateAll((els) => els.map((e) => e.getAttribute('data-context')))).toEqual(['staging']);
    // The whole panel: the warnings, and the unreachable context's card beside them (tool names and the system's error kept).
    const panel = page.locator('section.panel', { has: page.locator('h3', { hasText: 'Kubernetes' }) });
    expect(await englishLeft(page, { scope: panel, names: ['staging', 'staging-cluster', 'ops', 'server', 'clusters', 'kind', 'minikube', 'connect'] })).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await shots.screenshotOf(page.getByRole('list', { name: T.targets.kubePanel.warnings }), 1, 'russian');
  });

  it('reads them in English again after switching back', async () => {
    await page().getByLabel(T.prefs.language).selectOption('en');
    await expect.poll(texts).toEqual([
      `${kubeconfig}: cluster "serverless" has no server; ignored`,
      `${kubeconfig}: an entry in clusters has no name; ignored`,
      `${kubeconfig}: context "half-deleted" names no cluster; ignored`,
    ]);
  });

  it('ran without console errors, CSP violations or failed requests', () => {
    expect(app.browser!.problems).toEqual([]);
  });
});
