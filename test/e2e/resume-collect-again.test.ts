import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_001_DEAD_TOKEN, SEED_001_LIVE_TOKEN } from '../../electron/core/demo-lab/scenarios/seed-001-token-rejected';
import { SEED_002_PAT, SEED_002_RUNNER_TOKEN } from '../../electron/core/demo-lab/scenarios/seed-002-gitlab';
import { SEED_004_RUNNER_TOKEN } from '../../electron/core/demo-lab/scenarios/seed-004-orphaned-secrets';
import { CollectPage, FindingsPage, FixPage, WelcomePage } from './pages';
import type { ProgressRow } from './pages/collect-page';
import { axeViolations } from './support/axe';
import { RestartableApp } from './support/restartable-app';

/**
 * After a restart the diagnosis on screen is the last collection, restored: the wizard says so
 * with its time, shows that collection's rows on the Collect step, and plans no fix from it; one
 * "Collect again" from the same targets, and fixes are planned from fresh evidence.
 */
describe('wizard: a restored diagnosis, collected again before a fix', () => {
  let dir: string;
  let configDir: string;
  let restartable: RestartableApp;
  let rowsBefore: ProgressRow[] = [];
  let findingIds: string[] = [];
  const FINDING = 'config-dir-read-only';

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rd-e2e-resume-again-'));
    configDir = path.join(dir, 'config');
    restartable = new RestartableApp({ configDir, home: path.join(dir, 'home') });
  });

  afterAll(async () => {
    await restartable.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /** Every credential the demo lab hands out or plants in its configs, this run's random ones included. */
  async function demoSecrets(): Promise<string[]> {
    const lab = await restartable.app!.service.handlers['demo.status']({}, { emit: () => undefined });
    const kubeconfig = parse(await readFile(lab.kubeconfigPath!, 'utf8')) as { users: { user: { token: string } }[] };
    return [SEED_001_LIVE_TOKEN, SEED_001_DEAD_TOKEN, SEED_002_PAT, SEED_002_RUNNER_TOKEN, SEED_004_RUNNER_TOKEN, ...kubeconfig.users.map((u) => u.user.token)];
  }

  it('collects the demo lab; the resume file keeps the rows and no token; then the app stops', async () => {
    const { page } = await restartable.start();
    const collect = await new WelcomePage(page).collectDemoLab();
    await collect.waitForDone();
    rowsBefore = await collect.rows();
    expect(rowsBefore.length).toBeGreaterThan(3);
    const findings = await collect.continueToFindings();
    findingIds = await findings.findingIds();
    expect(findingIds).toContain(FINDING);
    await expect
      .poll(async () => ((await restartable.savedState()).state as { collection?: { rows: unknown[] } } | undefined)?.collection?.rows.length, { timeout: 5000 })
      .toBeGreaterThan(3);
    await expect.poll(async () => (await restartable.savedState()).state?.step, { timeout: 5000 }).toBe('findings');

    const saved = await readFile(path.join(configDir, 'wizard-state.json'), 'utf8');
    const secrets = await demoSecrets();
    expect(secrets.every((s) => s.length >= 16)).toBe(true);
    for (const secret of secrets) expect(saved).not.toContain(secret);
    // Nor any GitLab token of any kind, or a header or field carrying one.
    expect(saved).not.toMatch(/\b(glpat|glrt|glrtr|gldt|glcbt|GR1348941)[-\w]{8,}/);
    expect(saved).not.toMatch(/token"\s*:|Bearer\s+\w/i);
    await restartable.stop();
  });

  it('after the restart: Findings says it is the last collection, restored; step 3 shows its rows; the fix waits for Collect again, then is planned', async () => {
    const { page } = await restartable.start();
    const findings = new FindingsPage(page);
    await findings.open();
    expect(await findings.findingIds()).toEqual(findingIds);
    const notice = page.locator('.step .restored-notice');
    expect(await notice.locator('p').textContent()).toMatch(
      /^Restored after a restart: this is the diagnosis from the last collection, \d{1,2}\/\d{1,2}\/\d{4}, \d{1,2}:\d{2}:\d{2}\s?[AP]M, showing the targets as they were then\. Fixes act on live systems and need fresh evidence: collect again from the same targets to apply them\.$/,
    );
    expect(await page.getByText('Opened from a bundle').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await findings.screenshot(62, 'restored-findings');
    // In Russian too, with the date as Russian writes it.
    await page.getByLabel('Language').selectOption('ru');
    await findings.waitForStep('Находки');
    expect(await notice.locator('p').textContent()).toMatch(
      /^Восстановлено после перезапуска: это диагностика из последнего сбора, \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}:\d{2}, и цели в ней такие, какими были тогда\./,
    );
    expect(await notice.getByRole('button', { name: 'Собрать заново' }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Язык').selectOption('en');
    await findings.open();

    // Step 3 is reachable again and shows what the last collection did, row by row, with nothing to retry.
    const steps = page.getByRole('navigation', { name: 'Steps' });
    await steps.getByRole('button', { name: '3. Collect' }).click();
    const collect = new CollectPage(page);
    await collect.open();
    expect(await collect.rows()).toEqual(rowsBefore);
    expect(await page.locator('.step .restored-notice').textContent()).toMatch(/^The last collection, .+, restored after a restart: what each source gave then\. Collect again to read the targets as they are now\.$/);
    expect(await page.getByRole('button', { name: /^Retry / }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await collect.screenshot(63, 'restored-collect');
    await collect.continueToFindings();

    // The fix is not planned from restored evidence: the step says why and offers the one way on.
    const card = await findings.expand(FINDING);
    await card.locator('button.fix-open').first().click();
    const fix = new FixPage(page);
    await fix.open();
    const fixNotice = page.locator('.fix-step .restored-notice');
    expect(await fixNotice.locator('p').textContent()).toMatch(/^This diagnosis was restored after a restart from the last collection, .+\. A fix acts on live systems, so Runner Doctor plans it only from fresh evidence/);
    expect(await page.locator('article.fix-plan').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await fix.screenshot(64, 'restored-fix');

    await fixNotice.getByRole('button', { name: 'Collect again' }).click();
    const again = new CollectPage(page);
    await again.waitForDone();
    expect(await page.locator('.restored-notice').count()).toBe(0);
    const fresh = await again.continueToFindings();
    expect(await page.locator('.restored-notice').count()).toBe(0);
    const freshCard = await fresh.expand(FINDING);
    await freshCard.locator('button.fix-open').first().click();
    await fix.open();
    await fix.waitForPlans();
    await fix.plan(0).waitFor();
    expect(await fix.plan(0).getByText('Every check passed.').count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await fix.screenshot(65, 'fix-after-collect-again');
    expect(restartable.browser?.problems).toEqual([]);
  });
});
