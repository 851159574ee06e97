import type { Locator } from 'playwright-core';
import { AppPage } from './app-page';

export interface ShownFinding {
  id: string;
  severity: string;
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

  async read(id: string): Promise<ShownFinding> {
    const card = this.finding(id);
    const evidence: ShownFinding['evidence'] = [];
    for (const fig of await card.locator('figure.evidence').all()) {
      evidence.push({
        where: ((await fig.locator('figcaption code').textContent()) ?? '').trim(),
        excerpt: (await fig.locator('pre').textContent()) ?? '',
      });
    }
    return {
      id: ((await card.locator('.finding-id').textContent()) ?? '').trim(),
      severity: ((await card.locator('.badge').textContent()) ?? '').trim(),
      title: ((await card.locator('h3').textContent()) ?? '').trim(),
      evidence,
      fixes: (await card.locator('ul.fixes > li').allTextContents()).map((t) => t.trim()),
      references: (await card.locator('ul.references > li').allTextContents()).map((t) => t.trim()),
    };
  }

  async collectionErrors(): Promise<string[]> {
    return this.page.locator('ul.errors > li').allTextContents();
  }

  async next(): Promise<void> {
    await this.page.getByRole('button', { name: 'Next: export' }).click();
  }
}
