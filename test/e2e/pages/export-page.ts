import { AppPage } from './app-page';

export interface FileRow {
  path: string;
  kind: string;
  size: string;
}

export class ExportPage extends AppPage {
  static readonly TITLE = 'Export the evidence bundle';

  async open(): Promise<void> {
    await this.waitForStep(ExportPage.TITLE);
  }

  async files(): Promise<FileRow[]> {
    const result: FileRow[] = [];
    for (const row of await this.page.locator('.file-table tbody tr').all()) {
      const cells = row.locator('td');
      result.push({
        path: ((await cells.nth(0).locator('code').textContent()) ?? '').trim(),
        kind: ((await cells.nth(1).textContent()) ?? '').trim(),
        size: ((await cells.nth(2).textContent()) ?? '').trim(),
      });
    }
    return result;
  }

  async redactionText(): Promise<string> {
    return ((await this.page.locator('h3:has-text("Redaction") + *').textContent()) ?? '').trim();
  }

  /** Clicks "Save bundle…" and returns the saved path (or downloaded name) the page then shows. */
  async saveBundle(): Promise<string> {
    await this.page.getByRole('button', { name: 'Save bundle…' }).click();
    const saved = this.page.locator('.saved-path');
    await saved.waitFor({ state: 'visible' });
    return ((await saved.textContent()) ?? '').trim();
  }

  /** The sentence saying where the bundle went. */
  async savedText(): Promise<string> {
    return ((await this.page.locator('.result p').first().textContent()) ?? '').trim().replace(/\s+/g, ' ').replace(/ \(.*\)\.?$/, '');
  }

  /** Clicks "Copy report to clipboard" and returns the notice shown afterwards. */
  async copyReport(): Promise<string> {
    await this.page.getByRole('button', { name: 'Copy report to clipboard' }).click();
    const notice = this.page.locator('.banner-info');
    await notice.waitFor({ state: 'visible' });
    return ((await notice.textContent()) ?? '').trim();
  }
}
