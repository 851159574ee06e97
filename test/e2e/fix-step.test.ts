import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../shared/fixes';
import { FindingsPage, FixPage, WelcomePage } from './pages';
import { axeViolations } from './support/axe';
import { startBrowserApp, type BrowserApp } from './support/browser-app';
import { launchChromium, type Browser } from './support/chromium';

/**
 * The Fix step in Chromium through the bridge, against the demo lab: each demo incident's fix
 * from its finding, refused without a yes, confirmed, applied with progress, verified, and a
 * fresh collection without the finding. A screenshot per step into test-results/e2e.
 */
describe('Fix step in the browser (demo lab)', () => {
  let app: BrowserApp;
  let browser: Browser;
  let configDir: string;
  let shot = 40;

  beforeAll(async () => {
    configDir = await mkdtemp(path.join(tmpdir(), 'rd-e2e-fix-'));
    app = await startBrowserApp({ configDir });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await rm(configDir, { recursive: true, force: true });
  });

  const audit = async (fixId: string): Promise<string[]> => {
    const text = await readFile(path.join(configDir, 'audit.jsonl'), 'utf8').catch(() => '');
    return text
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as AuditRecord)
      .filter((r) => r.fixId === fixId)
      .map((r) => `${r.step}:${r.result}`);
  };

  /** From the Findings step: the finding's "Fix…" button, then the plans. */
  async function openFix(findingId: string): Promise<FixPage> {
    const findings = new FindingsPage(browser.page);
    await findings.open();
    const card = await findings.expand(findingId);
    await card.locator('button.fix-open').first().click();
    const fix = new FixPage(browser.page);
    await fix.open();
    expect(await fix.headingHasFocus()).toBe(true);
    await fix.waitForPlans();
    return fix;
  }

  /**
   * Plan shown → refused without confirmation → confirmed → progress → verified → a fresh
   * collection no longer shows the finding; screenshots and axe on the step and its dialog.
   */
  async function fixFromWizard(findingId: string, fixId: string, opts: { typed?: string; planIndex?: number; expectGone?: boolean } = {}): Promise<FixPage> {
    const applied = async () => (await audit(fixId)).filter((a) => a === 'apply:ok').length;
    const appliedBefore = await applied();
    const fix = await openFix(findingId);
    const plan = fix.plan(opts.planIndex ?? 0);
    await plan.waitFor();
    expect(await plan.locator('h4').textContent()).toBeTruthy();
    expect(await plan.getByText('Every check passed.').count()).toBe(1);
    expect((await plan.locator('.code-block code').allTextContents()).join('\n')).toMatch(/^(GET|POST|PATCH|DELETE|PUT|ssh|sudo|write|\S+)/m);
    expect(await axeViolations(browser.page)).toEqual([]);
    await fix.screenshot(shot++, `${fixId}-plan`);

    // Refused without a yes: the dialog's Apply needs the typed name, and Cancel / Escape write nothing.
    await fix.applyButton(plan).click();
    await fix.dialog().waitFor();
    expect(await axeViolations(browser.page)).toEqual([]);
    await fix.screenshot(shot++, `${fixId}-confirm`, { fullPage: false });
    if (opts.typed) {
      expect(await fix.dialogYes().isDisabled()).toBe(true);
      await fix.dialog().getByRole('textbox').fill(`${opts.typed}x`);
      expect(await fix.dialogYes().isDisabled()).toBe(true);
      await browser.page.keyboard.press('Escape');
    } else {
      // Focus starts on the safe answer.
      expect(await browser.page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
      await fix.dialog().getByRole('button', { name: 'Cancel' }).click();
    }
    await fix.dialog().waitFor({ state: 'detached' });
    expect(await applied()).toBe(appliedBefore);
    expect(await plan.locator('.fix-run').count()).toBe(0);

    await fix.applyButton(plan).click();
    if (opts.typed) await fix.dialog().getByRole('textbox').fill(opts.typed);
    await fix.dialogYes().click();
    const result = await fix.result(plan);
    expect(result).toMatch(/^Applied and verified\./);
    // The heading says it once: what follows is what the verification saw.
    expect(result).not.toMatch(/^Applied and verified\. applied and verified/i);
    const steps = await fix.progress(plan);
    expect(steps.some((s) => /^Preflight done/.test(s)), JSON.stringify(steps)).toBe(true);
    expect(steps.some((s) => /^Apply done/.test(s)), JSON.stringify(steps)).toBe(true);
    expect(steps.some((s) => /^Verify done/.test(s)), JSON.stringify(steps)).toBe(true);
    expect(await applied()).toBe(appliedBefore + 1);
    expect(await audit(fixId)).toContain('verify:ok');
    const after = await fix.afterCollection(plan);
    if (opts.expectGone !== false) expect(after).toBe('A fresh collection no longer shows this finding.');
    expect(await axeViolations(browser.page)).toEqual([]);
    await fix.screenshot(shot++, `${fixId}-verified`);
    return fix;
  }

  async function backToFindings(fix: FixPage): Promise<FindingsPage> {
    await fix.page.getByRole('button', { name: 'Show the fresh findings' }).first().click();
    const findings = new FindingsPage(browser.page);
    await findings.open();
    return findings;
  }

  it('collects the demo lab and reaches the findings', async () => {
    await browser.page.goto(app.bridge.url);
    const collect = await new WelcomePage(browser.page).collectDemoLab();
    await collect.waitForDone();
    const findings = await collect.continueToFindings();
    expect(await findings.findingIds()).toEqual(
      expect.arrayContaining(['job-stuck-running', 'orphaned-job-secrets', 'runner-token-invalid', 'config-dir-read-only', 'long-polling-bottleneck', 'helper-image-permission-container']),
    );
  });

  it('keyboard, Russian and dark: the confirm dialog keeps focus inside, Escape leaves it, axe-clean in both', async () => {
    const page = browser.page;
    const fix = await openFix('config-dir-read-only');
    await page.getByLabel('Theme').selectOption('dark');
    await page.getByLabel('Language').selectOption('ru');
    await fix.waitForStep('Исправление');
    // The plan speaks the app's language: its title and rollback line come from the fixes catalog.
    expect(await fix.plan().locator('h4').textContent()).toMatch(/^Сделать каталог конфигурации Deployment \S+ доступным для записи$/);
    expect(await fix.plan().textContent()).toContain('Runner Doctor может снова смонтировать ConfigMap');
    // So do its change lines, notes and checks: none is left in English.
    const planText = (await fix.plan().textContent()) ?? '';
    expect(planText).toMatch(/смонтировать том ConfigMap \S+ в \/configmaps в новом init-контейнере copy-runner-config/);
    expect(planText).toContain('Так делает официальный Helm-чарт');
    expect(planText).toMatch(/право RBAC patch deployments\.apps: \S+: разрешено patch deployments\.apps в неймспейсе /);
    expect(planText).toMatch(/Deployment не на паузе/);
    expect(planText).not.toMatch(/This is what the official Helm chart does|the Deployment is not paused|restart the Deployment/);
    // The calls block holds the call alone; how it is made is a sentence after it, in the app's language.
    expect(await fix.plan().locator('.code-block code').last().textContent()).toMatch(/^PATCH \S+$/);
    expect(await fix.plan().locator('.calls-note').textContent()).toMatch(/^Патч вида «strategic merge» .+ metadata\.resourceVersion \d+ .+dryRun=All\.$/);
    expect(await axeViolations(page)).toEqual([]);
    const apply = fix.plan().getByRole('button', { name: 'Применить…' });
    await apply.focus();
    await page.keyboard.press('Enter');
    await fix.dialog().waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Отмена');
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.closest('[role="dialog"]') !== null)).toBe(true);
    }
    expect(await axeViolations(page)).toEqual([]);
    await fix.screenshot(shot++, 'confirm-ru-dark', { fullPage: false });
    await page.keyboard.press('Escape');
    await fix.dialog().waitFor({ state: 'detached' });
    expect(await apply.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await audit('writable-config-dir')).not.toContain('apply:ok');
    await page.getByLabel('Язык').selectOption('en');
    expect(await fix.plan().locator('h4').textContent()).toMatch(/^Give Deployment \S+ a writable config directory$/);
    expect(await fix.plan().locator('.calls-note').textContent()).toMatch(/^A strategic merge patch .+ metadata\.resourceVersion \d+ as precondition; sent with dryRun=All first\.$/);
    await page.getByLabel('Theme').selectOption('system');
    await page.getByRole('button', { name: 'Back to findings' }).click();
  });

  it('cancel-stuck-job: cancels the stuck job, and job-stuck-running is gone', async () => {
    const fix = await fixFromWizard('job-stuck-running', 'cancel-stuck-job');
    const findings = await backToFindings(fix);
    expect(await findings.findingIds()).not.toContain('job-stuck-running');
  });

  it('raise-request-concurrency: the ConfigMap of the runner that warned is planned, applied and verified, and the finding is gone', async () => {
    const cites = async () => (await new FindingsPage(browser.page).read('long-polling-bottleneck')).evidence.map((e) => e.where).join('\n');
    expect(await cites()).toMatch(/configmaps\/gitlab-runner-config\/config\.toml/);
    const fix = await openFix('long-polling-bottleneck');
    const plans = await fix.waitForPlans();
    // Every ConfigMap left at 1 is offered (the chart's config.template.toml included); the first is the warning runner's.
    expect(plans.length).toBeGreaterThanOrEqual(2);
    await browser.page.getByRole('button', { name: 'Back to findings' }).click();
    const findings = await backToFindings(await fixFromWizard('long-polling-bottleneck', 'raise-request-concurrency'));
    expect(await findings.findingIds()).not.toContain('long-polling-bottleneck');
  });

  it('delete-orphaned-job-secrets: lists each Secret with its reason, deletes only the selected ones, then the rest', async () => {
    const fix = await openFix('orphaned-job-secrets');
    const plan = fix.plan();
    const boxes = plan.getByRole('checkbox');
    expect(await boxes.count()).toBe(96);
    expect(await plan.locator('.fix-item-list li').first().textContent()).toMatch(/^\s*runner-\S+ (its owner pod .* no longer exists|no owner and no live pod uses it); .* old$/);
    const kept = ((await plan.locator('.fix-item-list li code').first().textContent()) ?? '').trim();
    await boxes.first().uncheck();
    expect(await plan.getByText('95 of 96 selected').count()).toBe(1);
    await fix.screenshot(shot++, 'delete-orphaned-job-secrets-deselected');
    await fix.applyButton(plan).click();
    await fix.dialog().waitFor();
    // The selection was dry-run again: the plan and its dialog now say 95.
    expect(await fix.dialog().getByText(/^Delete 95 orphaned job Secrets in gitlab-runner-004$/).count()).toBe(1);
    expect(await fix.dialogYes().isDisabled()).toBe(true);
    expect(await axeViolations(browser.page)).toEqual([]);
    await fix.screenshot(shot++, 'delete-orphaned-job-secrets-confirm', { fullPage: false });
    await fix.dialog().getByRole('textbox').fill('gitlab-runner-004');
    await fix.dialogYes().click();
    expect(await fix.result(plan)).toMatch(/^Applied and verified\. .*none of the 95 Secrets is left/);
    // One orphan was left out on purpose, so the finding is still there, for that one.
    expect(await fix.afterCollection(plan)).toMatch(/still shows/);
    await fix.screenshot(shot++, 'delete-orphaned-job-secrets-partial');
    await backToFindings(fix);

    const rest = await fixFromWizard('orphaned-job-secrets', 'delete-orphaned-job-secrets', { typed: 'gitlab-runner-004' });
    expect(await rest.plan().locator('.fix-item-list li code').allTextContents()).toEqual([kept]);
    const findings = await backToFindings(rest);
    expect(await findings.findingIds()).not.toContain('orphaned-job-secrets');
  });

  it('writable-config-dir: patched, verified, rolled back in one action, then applied again', async () => {
    const fix = await fixFromWizard('config-dir-read-only', 'writable-config-dir');
    const plan = fix.plan();
    await plan.getByRole('button', { name: 'Roll back…' }).click();
    await fix.dialog().waitFor();
    expect(await axeViolations(browser.page)).toEqual([]);
    await fix.dialogYes('Roll back').click();
    await plan.locator('.fix-outcome', { hasText: 'Rolled back.' }).waitFor({ timeout: 60_000 });
    expect(await fix.afterCollection(plan)).toMatch(/still shows/);
    expect(await audit('writable-config-dir')).toContain('rollback:ok');
    await fix.screenshot(shot++, 'writable-config-dir-rolled-back');
    await backToFindings(fix);
    const again = await fixFromWizard('config-dir-read-only', 'writable-config-dir');
    const findings = await backToFindings(again);
    expect(await findings.findingIds()).not.toContain('config-dir-read-only');
  });

  it('rotate-runner-token: typed runner id, the new token kept in memory (browser mode) and never shown, runner-token-invalid gone', async () => {
    await openFix('runner-token-invalid');
    expect(await browser.page.getByText(/^Browser mode: the new runner token is kept in the app's memory only/).count()).toBe(1);
    await browser.page.getByRole('button', { name: 'Back to findings' }).click();
    const done = await fixFromWizard('runner-token-invalid', 'rotate-runner-token', { typed: '63' });
    // Tokens appear only as their type and last 4 characters.
    const text = (await browser.page.locator('main').textContent()) ?? '';
    expect(text).not.toMatch(/glrt-[A-Za-z0-9_-]{8,}/);
    const findings = await backToFindings(done);
    expect(await findings.findingIds()).not.toContain('runner-token-invalid');
  });

  it('replace-pat-with-runner-token: a runner created through GitLab, its token written into the ConfigMap by its typed name, runner-token-is-pat gone', async () => {
    const fix = await fixFromWizard('runner-token-is-pat', 'replace-pat-with-runner-token', { typed: 'gitlab-runner-config' });
    const plan = (await fix.plan().textContent()) ?? '';
    expect(plan).toMatch(/POST \/api\/v4\/user\/runners/);
    // The PAT stays the owner's to revoke, and no token is shown beyond its type and last 4 characters.
    expect(plan).toMatch(/revoke/i);
    expect((await browser.page.locator('main').textContent()) ?? '').not.toMatch(/gl(?:rt|pat)-[A-Za-z0-9_-]{8,}/);
    const findings = await backToFindings(fix);
    expect(await findings.findingIds()).not.toContain('runner-token-is-pat');
  });

  it('pin-helper-image: over SSH on the demo host, helper-image-permission-container gone', async () => {
    const fix = await fixFromWizard('helper-image-permission-container', 'pin-helper-image');
    expect(await fix.plan().locator('.fix-diff code').textContent()).toMatch(/\+\s*helper_image = "registry\.gitlab\.com\/gitlab-org\/gitlab-runner\/gitlab-runner-helper:x86_64-/);
    // The diff reads as one: the added line in its own colour, apart from the context.
    const added = fix.plan().locator('.fix-diff .diff-add', { hasText: 'helper_image' });
    expect(await added.count()).toBe(1);
    const colour = (l: typeof added) => l.evaluate((el) => getComputedStyle(el).color);
    expect(await colour(added)).not.toBe(await colour(fix.plan().locator('.fix-diff code')));
    const findings = await backToFindings(fix);
    expect(await findings.findingIds()).not.toContain('helper-image-permission-container');
  });
});
