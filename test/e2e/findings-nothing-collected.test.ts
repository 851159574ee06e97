import { describe, expect, it } from 'vitest';
import { CATALOGS } from '../../shared/i18n';
import { CollectPage, WelcomePage } from './pages';
import { axeViolations } from './support/axe';
import { useReachWizard } from './support/reach-wizard';

const T = CATALOGS.en;

/**
 * Only the unreachable current context's namespace chosen, collected anyway: nothing is
 * collected, and the Findings step must not say that no problem was found.
 */
describe('Findings after a collection that gathered nothing', () => {
  const w = useReachWizard('rd-e2e-nothing-', 'stopped-cluster');

  it('says nothing could be diagnosed, in English and Russian, instead of "no known problem"', async () => {
    const page = w.browser.page;
    await page.goto(w.app.bridge.url);
    await new WelcomePage(page).diagnoseButton().click();
    await page.locator('.chosen-unreachable').waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: T.targets.next }).click();
    const collect = new CollectPage(page);
    await collect.waitForDone();
    const findings = await collect.continueToFindings();
    const summary = page.locator('section.step > p').first();
    expect(await summary.textContent()).toBe(T.findings.nothingCollected);
    expect(await page.getByText(T.findings.none).count()).toBe(0);
    expect(await page.locator('#collection-errors').count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Language').selectOption('ru');
    await findings.waitForStep(CATALOGS.ru.findings.title);
    expect(await summary.textContent()).toBe(CATALOGS.ru.findings.nothingCollected);
    await findings.screenshot(1, 'nothing-collected');
    expect(w.browser.problems).toEqual([]);
  });
});
