import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { CollectPage, RealTargetsPage, WelcomePage, type FindingsPage } from '../pages';
import { startBrowserApp, type BrowserApp } from './browser-app';
import { launchChromium, type Browser } from './chromium';

export interface LogWizard {
  app: BrowserApp;
  browser: Browser;
  dir: string;
  /** The runner log, written by `write` before the app starts. */
  log: string;
}

/** For a describe block: a runner log in a temp folder, the app behind the bridge and a browser. */
export function useLogWizard(prefix: string, write: (file: string) => Promise<void>): LogWizard {
  const w = {} as LogWizard;
  beforeAll(async () => {
    w.dir = await mkdtemp(path.join(tmpdir(), prefix));
    w.log = path.join(w.dir, 'runner.log');
    await write(w.log);
    w.app = await startBrowserApp({ configDir: path.join(w.dir, 'config'), home: path.join(w.dir, 'home') });
    w.browser = await launchChromium();
  });
  afterAll(async () => {
    await w.browser?.close();
    await w.app?.stop();
    if (w.dir) await rm(w.dir, { recursive: true, force: true });
  });
  return w;
}

/** Welcome → "Diagnose my runners" → the log as the only target → collected → its findings. */
export async function collectLog(page: Page, url: string, log: string): Promise<FindingsPage> {
  await page.goto(url);
  const welcome = new WelcomePage(page);
  await welcome.open();
  await welcome.diagnoseButton().click();
  const targets = new RealTargetsPage(page);
  await targets.open();
  await targets.fill(/^Log files, config.toml files/, log);
  await targets.next();
  const collect = new CollectPage(page);
  await collect.waitForDone();
  return collect.continueToFindings();
}
