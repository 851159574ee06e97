import type { Locator } from 'playwright-core';
import { AppPage } from './app-page';

export interface ShownFinding {
  id: string;
  severity: string;
  /** Marked as the root cause of its story. */
  rootCause: boolean;
  title: string;
  evidence: { where: string; excerpt: string }[];
  fixes: string[];
  references: string[];
}

export class FindingsPage extends AppPage {
  static readonly TITLE = 'Findings';

  async open(): Promise<void> {
    await this.waitForStep(/^Findings$/);
  }

  finding(id: string): Locator {
    return this.page.locator(`article.finding[data-finding-id="${id}"]`).first();
  }

  async findingIds(): Promise<string[]> {
    return this.page.locator('article.finding .finding-id').allTextContents();
  }

  /** Opens the finding's card (closed cards show only the title, a line of summary and of proof). */
  async expand(id: string): Promise<Locator> {
    const card = this.finding(id);
    const toggle = card.locator('button.expand');
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    await card.locator('.finding-details').waitFor();
    return card;
  }

  async read(id: string): Promise<ShownFinding> {
    const card = await this.expand(id);
    const evidence: ShownFinding['evidence'] = [];
    for (const fig of await card.locator('figure.evidence').all()) {
      evidence.push({
        where: ((await fig.locator('figcaption code').textContent()) ?? '').trim(),
        excerpt: (await fig.locator('pre').textContent()) ?? '',
      });
    }
    return {
      id: ((await card.locator('.finding-id').textContent()) ?? '').trim(),
      severity: ((await card.locator('.badge:not(.badge-root)').textContent()) ?? '').trim(),
      rootCause: (await card.locator('.badge-root').count()) > 0,
      title: ((await card.locator('h4').textContent()) ?? '').trim(),
      evidence,
      fixes: (await card.locator('ul.fixes > li').allTextContents()).map((t) => t.trim()),
      references: (await card.locator('ul.references > li').allTextContents()).map((t) => t.trim()),
    };
  }

  /** Subject group headings, top to bottom. */
  async groups(): Promise<string[]> {
    return (await this.page.locator('.finding-group > h3').allTextContents()).map((t) => t.trim());
  }

  /** Turns a severity filter off or on ("Error", "Warning", "Info" as the badge says). */
  severityFilter(severity: 'error' | 'warning' | 'info'): Locator {
    return this.page.locator(`.severity-filters .filter-${severity}`);
  }

  search(): Locator {
    return this.page.getByRole('searchbox');
  }

  async shownText(): Promise<string> {
    return ((await this.page.locator('.findings-shown').textContent()) ?? '').trim();
  }

  async collectionErrors(): Promise<string[]> {
    return this.page.locator('ul.errors > li').allTextContents();
  }

  async next(): Promise<void> {
    await this.page.getByRole('button', { name: 'Next: export' }).click();
  }
}
