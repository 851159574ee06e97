import { AppPage } from './app-page';

export interface ProgressRow {
  source: string;
  state: string;
  details: string;
}

export class CollectPage extends AppPage {
  static readonly TITLE = 'Collecting evidence';

  async open(): Promise<void> {
    await this.waitForStep(CollectPage.TITLE);
  }

  async rows(): Promise<ProgressRow[]> {
    const rows = this.page.locator('.progress-table tbody tr[data-source]');
    const result: ProgressRow[] = [];
    for (const row of await rows.all()) {
      const cells = row.locator('td');
      result.push({
        source: (await row.getAttribute('data-source')) ?? '',
        state: ((await cells.nth(0).textContent()) ?? '').trim(),
        details: ((await cells.nth(1).textContent()) ?? '').trim(),
      });
    }
    return result;
  }

  /**
   * Waits until a source reports progress or the wizard has already moved on to the findings;
   * returns whether the progress table is on screen.
   */
  async waitForProgressOrFindings(): Promise<boolean> {
    const rows = this.page.locator('.progress-table tbody tr[data-source]');
    await rows
      .or(this.page.locator('h2.step-heading', { hasText: /^Findings$/ }))
      .first()
      .waitFor();
    return rows.first().isVisible();
  }

  async liveRegionText(): Promise<string> {
    return ((await this.page.locator('.live-summary').textContent()) ?? '').trim();
  }

  cancelButton() {
    return this.page.getByRole('button', { name: 'Cancel' });
  }
}
