import type { Locator } from 'playwright-core';
import { AppPage } from './app-page';
import { CollectPage } from './collect-page';
import { TargetsPage } from './targets-page';

export class WelcomePage extends AppPage {
  static readonly TITLE = 'Diagnose a GitLab Runner fleet';

  demoButton(): Locator {
    return this.page.getByRole('button', { name: 'Try the demo lab' });
  }

  diagnoseButton(): Locator {
    return this.page.getByRole('button', { name: 'Diagnose my runners' });
  }

  openBundleButton(): Locator {
    return this.page.getByRole('button', { name: 'Open a bundle…' });
  }

  async open(): Promise<void> {
    await this.waitForStep(WelcomePage.TITLE);
  }

  async tryDemoLab(): Promise<void> {
    await this.demoButton().click();
  }

  /** From the focused heading: Tab to the first action and press Enter, as a keyboard user would. */
  async tryDemoLabWithKeyboard(): Promise<string> {
    await this.page.keyboard.press('Tab');
    const focused = await this.focusedText();
    await this.page.keyboard.press('Enter');
    return focused;
  }

  /** From Welcome: the demo lab with its targets as offered, on to the Collect step (collection under way). */
  async collectDemoLab(): Promise<CollectPage> {
    await this.open();
    await this.tryDemoLab();
    const targets = new TargetsPage(this.page, this.shotPrefix);
    await targets.open();
    await targets.next();
    const collect = new CollectPage(this.page, this.shotPrefix);
    await collect.open();
    return collect;
  }
}
