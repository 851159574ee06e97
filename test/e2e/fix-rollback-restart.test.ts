import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoLab, type DemoLab } from '../../electron/core/demo-lab/lab';
import { SEED_002_NAMESPACE as NS } from '../../electron/core/demo-lab/scenarios/seed-002-kube';
import type { AuditRecord } from '../../shared/fixes';
import { labObject } from '../helpers/fix-lab';
import { invoker, openWindow } from '../integration/app-harness';
import { FixPage, WelcomePage } from './pages';
import { axeViolations } from './support/axe';
import { startBrowserApp, type BrowserApp } from './support/browser-app';
import { launchChromium, type Browser } from './support/chromium';

/**
 * Rolling back after a restart, in Chromium through the bridge: two fixes are applied through
 * the app's handlers against the demo lab's cluster (taken as the user's own), the app stops,
 * and a new app over the same data directory lists them on the Welcome step and rolls one back
 * through the confirm dialog. The lab keeps running in between, as a real cluster would.
 */
describe('Fix rollback after an app restart (browser)', () => {
  let lab: DemoLab;
  let dir: string;
  let app: BrowserApp | undefined;
  let browser: Browser | undefined;
  const configDir = () => path.join(dir, 'config');
  const deployment = () => labObject<{ spec: { template: { spec: { initContainers?: { name: string }[]; containers: { volumeMounts?: { name: string; mountPath: string }[] }[] } } } }>(lab, 'Deployment', NS);

  beforeAll(async () => {
    lab = await startDemoLab();
    dir = await mkdtemp(path.join(tmpdir(), 'rd-e2e-rollback-'));
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await lab?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('before the restart: writable-config-dir and raise-request-concurrency are applied, then the app stops', async () => {
    app = await startBrowserApp({ configDir: configDir(), home: path.join(dir, 'home') });
    const service = app.service;
    const { call } = invoker(() => service.handlers);
    const win = openWindow();
    const { operationId } = await call('collect.start', { sources: { kube: [{ kubeconfig: lab.kubeconfigPath, context: lab.kubeContext, namespace: NS }] } }, win);
    const collected = await win.next('operation.finished', (f) => f.operationId === operationId);
    for (const findingId of ['config-dir-read-only', 'long-polling-bottleneck']) {
      const { plan } = (await call('fix.plan', { sessionId: collected.sessionId!, findingId })).plans[0]!;
      const started = await call('fix.apply', { planId: plan.planId, confirm: true }, win);
      const done = await win.next('fix.finished', (f) => f.operationId === started.operationId, 120_000);
      expect(done.outcome).toMatchObject({ result: 'applied', verified: true });
    }
    expect(deployment().spec.template.spec.initContainers?.map((c) => c.name)).toContain('copy-runner-config');
    await app.stop();
    app = undefined;
  });

  it('after the restart: Welcome lists both with target, time and changes; Roll back… asks first, Cancel writes nothing, the yes restores', async () => {
    app = await startBrowserApp({ configDir: configDir(), home: path.join(dir, 'home') });
    browser = await launchChromium();
    const { page } = browser;
    await page.goto(app.bridge.url);
    const welcome = new WelcomePage(page);
    await welcome.open();
    const section = page.getByRole('region', { name: 'Fixes you can roll back' });
    await section.waitFor();
    const cards = section.locator('article.stored-rollback');
    await expect.poll(() => cards.count()).toBe(2);
    const card = cards.filter({ hasText: 'emptyDir' }).first();
    expect(await card.locator('.meta').first().textContent()).toMatch(new RegExp(`^Where: .*${NS}.*\\. Applied .+\\.$`));
    expect(await card.locator('li').count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    await welcome.screenshot(90, 'rollback-after-restart-list');

    const fix = new FixPage(page);
    await card.getByRole('button', { name: 'Roll back…' }).click();
    await fix.dialog().waitFor();
    expect(await fix.dialog().textContent()).toContain('Roll this fix back?');
    expect(await axeViolations(page)).toEqual([]);
    await welcome.screenshot(91, 'rollback-after-restart-confirm', { fullPage: false });
    await page.keyboard.press('Escape');
    await fix.dialog().waitFor({ state: 'detached' });
    expect(deployment().spec.template.spec.initContainers?.map((c) => c.name)).toContain('copy-runner-config');

    await card.getByRole('button', { name: 'Roll back…' }).click();
    await fix.dialogYes('Roll back').click();
    const outcome = card.locator('.fix-outcome');
    await outcome.waitFor({ timeout: 120_000 });
    expect(await outcome.textContent()).toMatch(/^Rolled back\./);
    expect(await card.getByRole('button', { name: 'Roll back…' }).isDisabled()).toBe(true);
    expect(deployment().spec.template.spec.initContainers ?? []).toEqual([]);
    expect(deployment().spec.template.spec.containers[0]!.volumeMounts).toContainEqual({ name: 'config', mountPath: '/etc/gitlab-runner' });
    const audit = (await readFile(path.join(configDir(), 'audit.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as AuditRecord)
      .filter((a) => a.fixId === 'writable-config-dir')
      .map((a) => `${a.step}:${a.result}`);
    expect(audit).toContain('rollback:ok');
    expect(await axeViolations(page)).toEqual([]);
    await welcome.screenshot(92, 'rollback-after-restart-done');
  });
});
