import { CATALOGS } from '../../../shared/i18n';
import { AppPage } from './app-page';
import { FindingsPage } from './findings-page';

export interface ProgressRow {
  source: string;
  state: string;
  details: string;
}

export class CollectPage extends AppPage {
  /** The step's heading says where collection stands: running, then how it ended. */
  static readonly TITLE = CATALOGS.en.collect.title;
  static readonly FINISHED = CATALOGS.en.collect.titleFinished;

  /** Any of the step's headings in this catalog, so waiting for the step does not depend on how far collection got. */
  static anyHeading(catalog: (typeof CATALOGS)['en'] = CATALOGS.en): RegExp {
    const titles = [catalog.collect.title, ...Object.values(catalog.collect.titleFinished)];
    return new RegExp(`^(${titles.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`);
  }

  async open(): Promise<void> {
    await this.waitForStep(CollectPage.anyHeading());
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

  async liveRegionText(): Promise<string> {
    return ((await this.page.locator('.live-summary').textContent()) ?? '').trim();
  }

  continueButton() {
    return this.page.getByRole('button', { name: 'Continue to findings' });
  }

  /** Waits until collection has ended and the step offers to go on; the step stays put until then. */
  async waitForDone(): Promise<void> {
    await this.continueButton().waitFor({ state: 'visible', timeout: 90_000 });
  }

  /** "Continue to findings", then the Findings step once it is shown (screenshots keep this page's prefix). */
  async continueToFindings(): Promise<FindingsPage> {
    await this.continueButton().click();
    const findings = new FindingsPage(this.page, this.shotPrefix);
    await findings.open();
    return findings;
  }

  cancelButton() {
    return this.page.getByRole('button', { name: 'Cancel' });
  }
}
