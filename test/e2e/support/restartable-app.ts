import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AppServiceOptions } from '../../../electron/core/app/service';
import { startBrowserApp, type BrowserApp } from './browser-app';
import { launchChromium, type Browser, type BrowserSettings } from './chromium';

export const RUSSIAN_DARK: BrowserSettings = { locale: 'ru-RU', colorScheme: 'dark', viewport: { width: 1280, height: 800 } };

/**
 * The app and a browser on it, stopped and started again on the same data directory as a user
 * restarts the app: each start is a new browser profile with nothing in its own storage.
 */
export class RestartableApp {
  app: BrowserApp | undefined;
  browser: Browser | undefined;

  constructor(
    private readonly options: AppServiceOptions & { configDir: string },
    private readonly settings: BrowserSettings = {},
  ) {}

  async start(): Promise<Browser> {
    this.app = await startBrowserApp(this.options);
    this.browser = await launchChromium(this.settings);
    await this.browser.page.goto(this.app.bridge.url);
    return this.browser;
  }

  async stop(): Promise<void> {
    await this.browser?.close();
    await this.app?.stop();
    this.browser = undefined;
    this.app = undefined;
  }

  /**
   * A Russian engineer's machine: the OS in Russian and in the dark scheme, a 1280×800 window.
   * The app's data directory and home are under `dir`.
   */
  static russianDark(dir: string): RestartableApp {
    return new RestartableApp({ configDir: path.join(dir, 'config'), home: path.join(dir, 'home') }, RUSSIAN_DARK);
  }

  /** The wizard state the main side saved (empty before the first save). */
  async savedState(): Promise<{ state?: Record<string, unknown> }> {
    return JSON.parse(await readFile(path.join(this.options.configDir, 'wizard-state.json'), 'utf8').catch(() => '{}')) as {
      state?: Record<string, unknown>;
    };
  }
}
