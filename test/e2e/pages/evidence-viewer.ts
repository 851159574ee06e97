import type { Locator, Page } from 'playwright-core';

export interface ShownRow {
  line: number;
  text: string;
}

/** The "Show in file" dialog: an evidence file around a cited line, virtualized. */
export class EvidenceViewer {
  constructor(readonly page: Page) {}

  dialog(): Locator {
    return this.page.getByRole('dialog');
  }

  /** Opens the viewer from the evidence line whose excerpt holds `excerpt`, by keyboard. */
  async openFrom(finding: Locator, excerpt: string): Promise<Locator> {
    const button = finding.locator('figure.evidence', { has: this.page.locator('pre', { hasText: excerpt }) }).first().getByRole('button', { name: 'Show in file' });
    await button.focus();
    await this.page.keyboard.press('Enter');
    await this.dialog().waitFor({ state: 'visible' });
    return button;
  }

  /** Rows with their text loaded, top to bottom. */
  async rows(): Promise<ShownRow[]> {
    await this.dialog().locator('.viewer-pending').first().waitFor({ state: 'detached' });
    return this.dialog()
      .locator('.viewer-row')
      .evaluateAll((rows) =>
        rows.map((r) => ({ line: Number(r.getAttribute('data-line')), text: r.querySelector('.viewer-text')?.textContent ?? '' })),
      );
  }

  async cited(): Promise<ShownRow & { number: string }> {
    const row = this.dialog().locator('.viewer-row.viewer-cited');
    await row.locator('.viewer-text:not(.viewer-pending)').waitFor();
    return {
      line: Number(await row.getAttribute('data-line')),
      number: ((await row.locator('.viewer-no').textContent()) ?? '').trim(),
      text: (await row.locator('.viewer-text').textContent()) ?? '',
    };
  }

  async firstLine(): Promise<number> {
    return Number(await this.dialog().locator('.viewer-row').first().getAttribute('data-line'));
  }

  /** Waits until the top row is line `n`. */
  async waitForFirstLine(n: number): Promise<void> {
    await this.dialog().locator(`.viewer-row[data-line="${n}"]`).first().waitFor();
    await this.page.waitForFunction((line) => document.querySelector('[role="dialog"] .viewer-row')?.getAttribute('data-line') === String(line), n);
  }

  /** The keyboard cursor's line, from the dialog's "At line N" status. */
  async cursorLine(): Promise<number> {
    const at = (await this.dialog().locator('.viewer-at').textContent()) ?? '';
    return Number(/At line (\d+)/.exec(at)?.[1]);
  }

  async cursorRow(): Promise<number> {
    return Number(await this.dialog().locator('.viewer-row.viewer-cursor').getAttribute('data-line'));
  }

  async goToLine(n: number): Promise<void> {
    await this.dialog().getByLabel('Go to line').fill(String(n));
    await this.page.keyboard.press('Enter');
  }

  /** Whether the cited row lies wholly inside the scroller's client area (scrollbars excluded). */
  async citedInView(): Promise<boolean> {
    return this.page.evaluate(() => {
      const scroller = document.querySelector<HTMLElement>('[role="dialog"] .viewer-scroller');
      const cited = document.querySelector('[role="dialog"] .viewer-cited')?.getBoundingClientRect();
      if (!scroller || !cited) return false;
      const top = scroller.getBoundingClientRect().top + scroller.clientTop;
      return cited.top >= top && cited.bottom <= top + scroller.clientHeight;
    });
  }

  /** The first and last rows at least partly inside the scroller's client area, as the eye sees them. */
  async onScreen(): Promise<{ first: number; last: number }> {
    return this.page.evaluate(() => {
      const scroller = document.querySelector<HTMLElement>('[role="dialog"] .viewer-scroller')!;
      const top = scroller.getBoundingClientRect().top + scroller.clientTop;
      const bottom = top + scroller.clientHeight;
      const seen = [...scroller.querySelectorAll('.viewer-row')]
        .filter((r) => r.getBoundingClientRect().bottom > top && r.getBoundingClientRect().top < bottom)
        .map((r) => Number(r.getAttribute('data-line')));
      return { first: Math.min(...seen), last: Math.max(...seen) };
    });
  }

  async range(): Promise<string> {
    return ((await this.dialog().locator('.viewer-range').textContent()) ?? '').trim();
  }

  async focusIsInside(): Promise<boolean> {
    return this.dialog().evaluate((el) => el.contains(document.activeElement));
  }

  searchBox(): Locator {
    return this.dialog().getByRole('searchbox');
  }

  /** Types a query in the search box and waits for its answer ("3 of 41", "No matches"). */
  async searchFor(text: string): Promise<string> {
    await this.searchBox().fill(text);
    const status = this.dialog().locator('.viewer-search-count');
    await this.page.waitForFunction(() => {
      const t = document.querySelector('.viewer-search-count')?.textContent ?? '';
      return t !== '' && !t.endsWith('…');
    });
    return ((await status.textContent()) ?? '').trim();
  }

  async searchStatus(): Promise<string> {
    return ((await this.dialog().locator('.viewer-search-count').textContent()) ?? '').trim();
  }

  /** Waits until the search status reads `text`; returns the current match's line once it is shown. */
  async waitForMatch(text: string): Promise<number> {
    await this.page.waitForFunction((want) => document.querySelector('.viewer-search-count')?.textContent?.trim() === want, text);
    const row = this.dialog().locator('.viewer-row.viewer-match-current');
    await row.locator('.viewer-text:not(.viewer-pending)').waitFor();
    return Number(await row.getAttribute('data-line'));
  }

  /** Marked text in the current match's row. */
  async marks(): Promise<string[]> {
    return this.dialog().locator('.viewer-row.viewer-match-current mark').allTextContents();
  }
}
