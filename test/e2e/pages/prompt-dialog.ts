import type { Locator, Page } from 'playwright-core';

export interface ShownPrompt {
  title: string;
  /** Term → value of the dialog's fact list (Host, Key type, Fingerprint). */
  facts: Record<string, string>;
  text: string;
}

/** The modal prompt (exec plugin approval, unknown host key). */
export class PromptDialog {
  constructor(readonly page: Page) {}

  dialog(): Locator {
    return this.page.getByRole('dialog');
  }

  async waitForOpen(timeout = 60_000): Promise<ShownPrompt> {
    const dialog = this.dialog();
    await dialog.waitFor({ state: 'visible', timeout });
    const facts: Record<string, string> = {};
    const terms = await dialog.locator('dt').allTextContents();
    const values = await dialog.locator('dd').allTextContents();
    terms.forEach((t, i) => (facts[t.trim()] = (values[i] ?? '').replace(/\s+/g, ' ').trim()));
    return {
      title: ((await dialog.locator('h2').textContent()) ?? '').trim(),
      facts,
      text: ((await dialog.textContent()) ?? '').replace(/\s+/g, ' '),
    };
  }

  /** Whether keyboard focus is inside the dialog. */
  async hasFocus(): Promise<boolean> {
    return this.dialog().evaluate((el) => el.contains(document.activeElement));
  }

  async focusedLabel(): Promise<string> {
    return this.page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
  }

  async waitForClosed(): Promise<void> {
    await this.dialog().waitFor({ state: 'detached' });
  }
}
