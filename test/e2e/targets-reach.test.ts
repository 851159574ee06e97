import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoLab, type DemoLab } from '../../electron/core/demo-lab/lab';
import { writeReachKubeconfig, type ReachKubeconfig } from '../helpers/kube/reach-kubeconfig';
import { RealTargetsPage, WelcomePage } from './pages';
import { axeViolations } from './support/axe';
import { startBrowserApp, type BrowserApp } from './support/browser-app';
import { launchChromium, type Browser } from './support/chromium';

/**
 * "Diagnose my runners" with a realistic kubeconfig whose current context is unreachable (its
 * cluster is stopped), beside a context that answers and others that fail each their own way.
 * kubectl's kubeconfig (KUBECONFIG) is read on entry, without a click.
 */
describe('wizard: an unreachable current context', () => {
  let lab: DemoLab;
  let app: BrowserApp;
  let browser: Browser;
  let dir: string;
  let reach: ReachKubeconfig;
  const savedKubeconfig = process.env.KUBECONFIG;

  beforeAll(async () => {
    lab = await startDemoLab();
    dir = await mkdtemp(path.join(tmpdir(), 'rd-e2e-reach-'));
    reach = await writeReachKubeconfig(lab.kubeconfigPath, dir, { current: 'stopped-cluster' });
    process.env.KUBECONFIG = reach.path;
    app = await startBrowserApp({ configDir: path.join(dir, 'config'), home: path.join(dir, 'home') });
    browser = await launchChromium();
  });

  afterAll(async () => {
    if (savedKubeconfig === undefined) delete process.env.KUBECONFIG;
    else process.env.KUBECONFIG = savedKubeconfig;
    await browser?.close();
    await app?.stop();
    await reach?.close();
    await lab?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const targets = () => new RealTargetsPage(browser.page, 'reach-');

  it('1. leaving the step while a context is being checked stops its check', async () => {
    const welcome = new WelcomePage(browser.page);
    await browser.page.goto(app.bridge.url);
    await welcome.open();
    await welcome.diagnoseButton().click();
    await targets().open();
    // The silent network path holds the check of "behind-vpn" open (it would give up after 5 s).
    await expect.poll(() => reach.silentConnections(), { timeout: 5000 }).toBeGreaterThan(0);
    expect(await targets().reach('behind-vpn')).toBe('checking');
    await browser.page.getByRole('button', { name: 'Back' }).click();
    await welcome.open();
    await expect.poll(() => reach.silentConnections(), { timeout: 2000, interval: 100 }).toBe(0);
  });

  it('2. every context gets its own state on entry; the current one is marked, its namespace chosen', async () => {
    const welcome = new WelcomePage(browser.page);
    await welcome.diagnoseButton().click();
    const page = targets();
    await page.open();
    expect(await page.contextNames()).toEqual(Object.keys(reach.expected));
    expect(await page.context('stopped-cluster').locator('h4').textContent()).toContain('(current context)');
    expect(await page.namespaceCheckbox('stopped-cluster', 'ci').isChecked()).toBe(true);
    // Back on the step, the check that was stopped runs again; the others kept their answers.
    await expect.poll(() => page.reachSummary(), { timeout: 15_000 }).toBe('1 of 7 contexts reachable.');
    for (const [name, want] of Object.entries(reach.expected)) {
      expect({ name, state: await page.reach(name) }).toEqual({ name, state: want.state });
      if (want.reason) expect(await page.context(name).locator('[data-reach]').getAttribute('data-reason')).toBe(want.reason);
    }
    expect(await page.reachText(lab.kubeContext)).toMatch(/^Reachable: Kubernetes v1\.\d+\.\d+ answered in \d+ ms\.$/);
    const stopped = await page.reachText('stopped-cluster');
    expect(stopped).toContain("Context stopped-cluster is not reachable: nothing answers at its server's address.");
    expect(stopped).toContain('What to check: The cluster may be down or stopped');
    expect(stopped).toContain('connection refused');
    expect(await page.reachText('behind-vpn')).toContain('Usually the VPN is off');
    expect(await page.reachText('expired-token')).toMatch(/rejected the credentials \(401\).*log in again/);
    expect(await page.reachText('eks-prod')).toMatch(/credential program is not installed.*Install rd-test-kubelogin-not-installed/);
    expect(await page.reachText('untrusted')).toContain('certificate is not trusted');
    expect(await page.reachText('broken')).toMatch(/kubeconfig entry is broken.*no-such-cluster/);
    // The chosen namespace is the unreachable current context's: said beside "Next", before a collection that would fail.
    const warning = browser.page.locator('.chosen-unreachable');
    expect(await warning.textContent()).toBe(
      'Context stopped-cluster is not reachable: collecting from its namespaces will fail. Untick them, or fix the context and check it again.',
    );
    expect(await axeViolations(browser.page)).toEqual([]);
    await page.namespaceCheckbox('stopped-cluster', 'ci').uncheck();
    expect(await warning.count()).toBe(0);
    await page.namespaceCheckbox('stopped-cluster', 'ci').check();
    await page.screenshot(1, 'contexts-reachability');
    await page.screenshotOf(page.context('stopped-cluster'), 2, 'unreachable-current-context');
  });

  it('3. a failed action stays with its context, named, while another context is listed', async () => {
    const page = targets();
    await page.listNamespaces('stopped-cluster');
    const banner = page.context('stopped-cluster').locator('.context-error');
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(/^Context stopped-cluster: .*connection refused/);
    await page.listNamespaces(lab.kubeContext);
    await page.namespaceCheckbox(lab.kubeContext, 'gitlab-runner').waitFor();
    expect(await banner.isVisible()).toBe(true);
    expect(await page.reach('stopped-cluster')).toBe('unreachable');
    // "Check again" asks once more, for that context only.
    await page.context('stopped-cluster').getByRole('button', { name: 'Check again' }).click();
    await expect.poll(() => page.reach('stopped-cluster')).toBe('unreachable');
    expect(await page.reach(lab.kubeContext)).toBe('reachable');
    expect(await axeViolations(browser.page)).toEqual([]);
    await page.screenshotOf(page.panel('Kubernetes'), 3, 'context-error-stays');
  });
});
