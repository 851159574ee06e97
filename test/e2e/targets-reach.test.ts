import { describe, expect, it } from 'vitest';
import { RealTargetsPage, WelcomePage } from './pages';
import { axeViolations } from './support/axe';
import { useReachWizard } from './support/reach-wizard';

/**
 * "Diagnose my runners" with a realistic kubeconfig whose current context is unreachable (its
 * cluster is stopped), beside a context that answers and others that fail each their own way.
 * kubectl's kubeconfig (KUBECONFIG) is read on entry, without a click.
 */
describe('wizard: an unreachable current context', () => {
  const w = useReachWizard('rd-e2e-reach-', 'stopped-cluster');

  const targets = () => new RealTargetsPage(w.browser.page, 'reach-');

  it('1. leaving the step while a context is being checked stops its check', async () => {
    const welcome = new WelcomePage(w.browser.page);
    await w.browser.page.goto(w.app.bridge.url);
    await welcome.open();
    await welcome.diagnoseButton().click();
    await targets().open();
    // The silent network path holds the check of "behind-vpn" open (it would give up after 5 s).
    await expect.poll(() => w.reach.silentConnections(), { timeout: 5000 }).toBeGreaterThan(0);
    expect(await targets().reach('behind-vpn')).toBe('checking');
    await w.browser.page.getByRole('button', { name: 'Back' }).click();
    await welcome.open();
    await expect.poll(() => w.reach.silentConnections(), { timeout: 2000, interval: 100 }).toBe(0);
  });

  it('2. every context gets its own state on entry; the current one is marked, its namespace chosen', async () => {
    const welcome = new WelcomePage(w.browser.page);
    await welcome.diagnoseButton().click();
    const page = targets();
    await page.open();
    expect(await page.contextNames()).toEqual(Object.keys(w.reach.expected));
    expect(await page.context('stopped-cluster').locator('h4').textContent()).toContain('(current context)');
    expect(await page.namespaceCheckbox('stopped-cluster', 'ci').isChecked()).toBe(true);
    // Back on the step, the check that was stopped runs again; the others kept their answers.
    await expect.poll(() => page.reachSummary(), { timeout: 15_000 }).toBe('1 of 7 contexts reachable.');
    for (const [name, want] of Object.entries(w.reach.expected)) {
      expect({ name, state: await page.reach(name) }).toEqual({ name, state: want.state });
      if (want.reason) expect(await page.context(name).locator('[data-reach]').getAttribute('data-reason')).toBe(want.reason);
    }
    expect(await page.reachText(w.lab.kubeContext)).toMatch(/^Reachable: Kubernetes v1\.\d+\.\d+ answered in \d+ ms\.$/);
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
    const warning = w.browser.page.locator('.chosen-unreachable');
    expect(await warning.textContent()).toBe(
      'Context stopped-cluster is not reachable: collecting from its namespaces will fail. Untick them, or fix the context and check it again.',
    );
    expect(await axeViolations(w.browser.page)).toEqual([]);
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
    await page.listNamespaces(w.lab.kubeContext);
    await page.namespaceCheckbox(w.lab.kubeContext, 'gitlab-runner').waitFor();
    expect(await banner.isVisible()).toBe(true);
    expect(await page.reach('stopped-cluster')).toBe('unreachable');
    // "Check again" asks once more, for that context only.
    await page.context('stopped-cluster').getByRole('button', { name: 'Check again' }).click();
    await expect.poll(() => page.reach('stopped-cluster')).toBe('unreachable');
    expect(await page.reach(w.lab.kubeContext)).toBe('reachable');
    expect(await axeViolations(w.browser.page)).toEqual([]);
    await page.screenshotOf(page.panel('Kubernetes'), 3, 'context-error-stays');
  });
});
