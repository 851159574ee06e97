import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env['RUNNER_DOCTOR_CHROMIUM'] ?? '/usr/bin/chromium';

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Console errors and failed requests seen so far (CSP violations show up here). */
  problems: string[];
  close(): Promise<void>;
}

/** How the user's machine is set up: the OS locale and light/dark setting the page sees, and the window size. */
export interface BrowserSettings {
  locale?: string;
  colorScheme?: 'light' | 'dark';
  viewport?: { width: number; height: number };
}

/** Debian's Chromium, headless, in a throw-away profile. */
export async function launchChromium(settings: BrowserSettings = {}): Promise<Browser> {
  const profile = await mkdtemp(path.join(tmpdir(), 'rd-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: settings.viewport ?? { width: 1100, height: 800 },
    ...(settings.locale ? { locale: settings.locale } : {}),
    ...(settings.colorScheme ? { colorScheme: settings.colorScheme } : {}),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} ${req.failure()?.errorText ?? ''}`));
  return {
    context,
    page,
    problems,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
