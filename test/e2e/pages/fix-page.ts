import type { Locator } from 'playwright-core';
import { AppPage } from './app-page';

/** The Fix step: one card per plan (changes, calls or diff, preflight, progress, result) and its confirm dialog. */
export class FixPage extends AppPage {
  static readonly TITLE = 'Fix';

  async open(): Promise<void> {
    await this.waitForStep(/^Fix$/);
  }

  /** Waits for planning to end: the plans, or a planning error. */
  async waitForPlans(): Promise<Locator[]> {
    await this.page.locator('article.fix-plan, .fix-step [role="alert"]').first().waitFor({ timeout: 60_000 });
    return this.page.locator('article.fix-plan').all();
  }

  plan(index = 0): Locator {
    return this.page.locator('article.fix-plan').nth(index);
  }

  applyButton(plan: Locator): Locator {
    return plan.getByRole('button', { name: /^(Apply…|Dry-run the selection and apply…)$/ });
  }

  dialog(): Locator {
    return this.page.getByRole('dialog');
  }

  dialogYes(name: 'Apply' | 'Roll back' = 'Apply'): Locator {
    return this.dialog().getByRole('button', { name, exact: true });
  }

  /** The result block once the operation has ended. */
  async result(plan: Locator, timeout = 120_000): Promise<string> {
    const outcome = plan.locator('.fix-outcome');
    await outcome.waitFor({ timeout });
    return ((await outcome.textContent()) ?? '').trim();
  }

  /** What the collection after the fix says about the finding, once it has ended. */
  async afterCollection(plan: Locator, timeout = 120_000): Promise<string> {
    const done = plan.getByText(/^A fresh collection (no longer|still) shows this finding/);
    await done.waitFor({ timeout });
    return ((await done.textContent()) ?? '').trim();
  }

  async progress(plan: Locator): Promise<string[]> {
    return (await plan.locator('.fix-progress li').allTextContents()).map((t) => t.trim());
  }
}
