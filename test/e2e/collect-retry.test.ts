import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoLab, type DemoLab } from '../../electron/core/demo-lab/lab';
import { sourceIds } from '../../shared/source-ids';
import { CollectPage, RealTargetsPage, WelcomePage } from './pages';
import { axeViolations } from './support/axe';
import { startBrowserApp, type BrowserApp } from './support/browser-app';
import { launchChromium, type Browser } from './support/chromium';

/**
 * Collect, then "Retry" on the one namespace whose API reads failed (503) while collecting:
 * that namespace alone is collected again once the cluster recovers, and the findings it
 * brings show on the Findings step.
 */
describe('wizard: retry a failed source', () => {
  let lab: DemoLab;
  let app: BrowserApp;
  let browser: Browser;
  let dir: string;
  let failing: string;
  let fault: { match: RegExp; code: number; message: string };

  beforeAll(async () => {
    lab = await startDemoLab();
    dir = await mkdtemp(path.join(tmpdir(), 'rd-e2e-retry-'));
    failing = lab.namespaces.find((ns) => ns !== lab.namespace)!;
    fault = { match: new RegExp(`/namespaces/${failing}(/|$)`), code: 503, message: 'etcdserver: request timed out' };
    lab.kubeFaults.failRequests.push(fault);
    app = await startBrowserApp({ configDir: path.join(dir, 'config'), home: path.join(dir, 'home') });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await lab?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('1. a namespace whose reads fail is shown failed, with a Retry button', async () => {
    const welcome = new WelcomePage(browser.page);
    await browser.page.goto(app.bridge.url);
    await welcome.open();
    await welcome.diagnoseButton().click();
    const targets = new RealTargetsPage(browser.page, 'retry-');
    await targets.open();
    await targets.fill('Kubeconfig file', lab.kubeconfigPath);
    await targets.loadContexts();
    await targets.listNamespaces(lab.kubeContext);
    await targets.namespaceCheckbox(lab.kubeContext, failing).check();
    expect(await targets.namespaceCheckbox(lab.kubeContext, lab.namespace).isChecked()).toBe(true);
    await targets.next();
    const collect = new CollectPage(browser.page, 'retry-');
    await collect.open();
    await collect.waitForDone();
    const source = sourceIds.kubeNamespace(lab.kubeContext, failing);
    const row = async () => (await collect.rows()).find((r) => r.source === source);
    expect((await row())?.state).toMatch(/^Failed/);
    expect(await collect.heading().textContent()).toBe(CollectPage.FINISHED.withErrors);
    expect((await collect.rows()).find((r) => r.source === sourceIds.kubeNamespace(lab.kubeContext, lab.namespace))?.state).toBe('Done');
    const retry = browser.page.getByRole('button', { name: `Retry Kubernetes ${lab.kubeContext}/${failing}` });
    expect(await retry.isVisible()).toBe(true);
    expect(await browser.page.getByRole('button', { name: /^Retry / }).count()).toBe(1);
    expect(await axeViolations(browser.page)).toEqual([]);
    await collect.screenshot(1, 'failed-source');
  });

  it('2. Retry collects that namespace again once the cluster recovers; the findings include what it brought', async () => {
    lab.kubeFaults.failRequests.splice(lab.kubeFaults.failRequests.indexOf(fault), 1);
    const collect = new CollectPage(browser.page, 'retry-');
    const source = sourceIds.kubeNamespace(lab.kubeContext, failing);
    const other = `/namespaces/${lab.namespace}/`;
    const asked = lab.requests.kube().length;
    await browser.page.getByRole('button', { name: `Retry Kubernetes ${lab.kubeContext}/${failing}` }).click();
    await expect.poll(async () => (await collect.rows()).find((r) => r.source === source)?.state, { timeout: 60_000 }).toBe('Done');
    expect(await browser.page.getByRole('button', { name: /^Retry / }).count()).toBe(0);
    expect(lab.requests.kube().slice(asked).filter((r) => r.includes(other))).toEqual([]);
    expect(await collect.liveRegionText()).toBe('Collection finished.');
    expect(await collect.heading().textContent()).toBe(CollectPage.FINISHED.ok);
    expect(await axeViolations(browser.page)).toEqual([]);
    await collect.screenshot(2, 'source-retried');

    const findings = await collect.continueToFindings();
    expect(await findings.findingIds()).toContain('runner-token-invalid');
    await findings.screenshot(3, 'findings-after-retry');
  });
});
