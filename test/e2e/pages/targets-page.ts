import type { Locator } from 'playwright-core';
import { AppPage } from './app-page';

export interface TargetRow {
  label: string;
  detail: string;
  checked: boolean;
}

export class TargetsPage extends AppPage {
  static readonly TITLE = 'Choose what to collect from';

  async open(): Promise<void> {
    await this.waitForStep(TargetsPage.TITLE);
  }

  async targets(): Promise<TargetRow[]> {
    const rows = this.page.locator('.target');
    const result: TargetRow[] = [];
    for (const row of await rows.all()) {
      result.push({
        label: ((await row.locator('label strong').textContent()) ?? '').trim(),
        detail: ((await row.locator('.target-detail').textContent()) ?? '').trim(),
        checked: await row.locator('input[type="checkbox"]').isChecked(),
      });
    }
    return result;
  }

  checkbox(label: string): Locator {
    return this.page.getByRole('checkbox', { name: new RegExp(`^${label}`) });
  }

  nextButton(): Locator {
    return this.page.getByRole('button', { name: 'Next: collect evidence' });
  }

  async next(): Promise<void> {
    await this.nextButton().click();
  }
}
