import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../shared/fixes';
import { CollectPage, WelcomePage } from './pages';
import { axeViolations } from './support/axe';
import { startBrowserApp, type BrowserApp } from './support/browser-app';
import { launchChromium, type Browser } from './support/chromium';

/**
 * "Check these tokens against GitLab" in Chromium through the bridge, on the demo lab: after
 * collecting, the Collect step lists the runner tokens found in config.toml files (type and
 * last 4 only); the check is a write, so it is sent only from its confirm dialog, and each
 * runner's result is shown and audited.
 */
describe('runner token check against GitLab (demo lab, browser)', () => {
  let app: BrowserApp;
  let browser: Browser;
  let configDir: string;

  beforeAll(async () => {
    configDir = await mkdtemp(path.join(tmpdir(), 'rd-e2e-token-check-'));
    app = await startBrowserApp({ configDir });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await rm(configDir, { recursive: true, force: true });
  });

  const checks = async (): Promise<AuditRecord[]> =>
    (await readFile(path.join(configDir, 'audit.jsonl'), 'utf8').catch(() => ''))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as AuditRecord)
      .filter((r) => r.fixId === 'check-runner-token');

  it('collecting sends no check; the tokens are listed without the token; the dialog says it is a write; Escape sends nothing', async () => {
    const { page } = browser;
    await page.goto(app.bridge.url);
    const collect = await new WelcomePage(page).collectDemoLab();
    await collect.waitForDone();
    const section = page.getByRole('region', { name: 'Runner tokens found in configs' });
    await section.waitFor();
    const rows = section.locator('tbody tr');
    expect(await rows.count()).toBeGreaterThan(1);
    const tokens = await section.locator('tbody td:nth-child(3)').allTextContents();
    expect(tokens.every((t) => /…\S{4}$/.test(t))).toBe(true);
    expect(await section.textContent()).not.toMatch(/gl(rt|pat)-[A-Za-z0-9_-]{8,}/);
    expect((await section.locator('tbody td:nth-child(5)').allTextContents()).every((t) => t === 'not checked')).toBe(true);
    expect(await checks()).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await collect.screenshot(95, 'token-check-list');

    await section.getByRole('button', { name: /^Check \d+ tokens? against GitLab…$/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    const text = (await dialog.textContent()) ?? '';
    expect(text).toContain('This is a write, not a read.');
    expect(text).toContain('GitLab records this as a contact from the runner');
    expect(text).toContain('system_id <legacy>');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    expect(await axeViolations(page)).toEqual([]);
    await collect.screenshot(96, 'token-check-confirm', { fullPage: false });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await checks()).toEqual([]);
  });

  it('after the yes: one result per runner (valid, or rejected with its status), each call in the audit log without a token', async () => {
    const { page } = browser;
    const section = page.getByRole('region', { name: 'Runner tokens found in configs' });
    const count = await section.locator('tbody tr').count();
    // Leave the first token out: only the ticked ones are sent.
    await section.locator('tbody tr').first().getByRole('checkbox').uncheck();
    await section.getByRole('button', { name: `Check ${count - 1} token${count - 1 === 1 ? '' : 's'} against GitLab…` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Send POST /runners/verify' }).click();
    await expect.poll(async () => (await section.locator('tbody td:nth-child(5)').allTextContents()).filter((t) => t !== 'not checked').length, { timeout: 60_000 }).toBe(count - 1);
    const results = await section.locator('tbody td:nth-child(5)').allTextContents();
    expect(results[0]).toBe('not checked');
    expect(results.slice(1).every((r) => /^(valid \(200\); recorded as a contact, manager <legacy>|rejected \(403\): not a runner token GitLab accepts)$/.test(r))).toBe(true);
    expect(results.some((r) => r.startsWith('valid (200)'))).toBe(true);
    const audited = await checks();
    expect(audited).toHaveLength(count - 1);
    expect(audited.every((a) => /^POST \/api\/v4\/runners\/verify with system_id <legacy>: (200 valid|403 rejected)/.test(a.detail ?? ''))).toBe(true);
    expect(JSON.stringify(audited)).not.toMatch(/gl(rt|pat)-[A-Za-z0-9_-]{8,}/);
    expect(await axeViolations(page)).toEqual([]);
    await new CollectPage(page).screenshot(97, 'token-check-results');
  });
});
