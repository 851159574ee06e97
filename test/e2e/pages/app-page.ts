import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';

export const SCREENSHOT_DIR = path.resolve('test-results', 'e2e');

/**
 * What every step shares: the step heading (which takes focus on each step change), the step
 * indicator, error banners and numbered screenshots. Works on a browser tab and on an Electron
 * window alike, since both are Playwright pages.
 */
export class AppPage {
  constructor(
    readonly page: Page,
    /** Prefix for screenshot names, e.g. 'electron-' for the Electron spec. */
    protected readonly shotPrefix = '',
  ) {}

  heading(): Locator {
    return this.page.locator('h2.step-heading');
  }

  /** Waits until the step with this heading is shown; returns the heading text. */
  async waitForStep(title: string | RegExp): Promise<string> {
    const heading = this.page.locator('h2.step-heading', { hasText: title });
    await heading.waitFor({ state: 'visible' });
    return (await heading.textContent()) ?? '';
  }

  /** True when the step heading has keyboard focus, as it should after every step change. */
  async headingHasFocus(): Promise<boolean> {
    return this.heading().evaluate((el) => el === document.activeElement);
  }

  async currentNavStep(): Promise<string> {
    return (await this.page.locator('nav.step-nav [aria-current="step"]').textContent()) ?? '';
  }

  /** Texts of any error banners shown (connection problems, failed invokes). */
  async errors(): Promise<string[]> {
    return this.page.locator('[role="alert"]').allTextContents();
  }

  async focusedText(): Promise<string> {
    return this.page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
  }

  /** The whole page; `fullPage: false` for what is on screen (a modal dialog covers the viewport only). */
  async screenshot(index: number, step: string, opts: { fullPage?: boolean } = {}): Promise<string> {
    const file = await this.shotFile(index, step);
    await this.page.screenshot({ path: file, fullPage: opts.fullPage ?? true });
    return file;
  }

  /** One part of the page, e.g. a panel, at readable size. */
  async screenshotOf(part: Locator, index: number, step: string): Promise<string> {
    const file = await this.shotFile(index, step);
    await part.screenshot({ path: file });
    return file;
  }

  private async shotFile(index: number, step: string): Promise<string> {
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    return path.join(SCREENSHOT_DIR, `${this.shotPrefix}${String(index).padStart(2, '0')}-${step}.png`);
  }
}
