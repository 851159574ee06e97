import type { Page } from 'playwright-core';

export interface RecordedProgress {
  rows: { source: string; state: string; details: string }[];
  live: string[];
}

type Recorder = Window & { __rdProgress?: RecordedProgress };

/**
 * Collection can finish faster than a test can look, and the wizard then moves on to the
 * findings. This records every progress row and live-region text the page shows, as it shows it.
 */
export async function recordProgressTable(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as Recorder;
    const seen: RecordedProgress = { rows: [], live: [] };
    w.__rdProgress = seen;
    const text = (el: Element | null | undefined): string => (el?.textContent ?? '').trim();
    new MutationObserver(() => {
      for (const tr of document.querySelectorAll('.progress-table tbody tr')) {
        const cells = tr.querySelectorAll('td');
        const row = { source: text(tr.querySelector('th')), state: text(cells[0]), details: text(cells[1]) };
        if (!seen.rows.some((r) => r.source === row.source && r.state === row.state && r.details === row.details)) {
          seen.rows.push(row);
        }
      }
      const live = text(document.querySelector('[aria-live="polite"]'));
      if (live && seen.live.at(-1) !== live) seen.live.push(live);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

export async function recordedProgress(page: Page): Promise<RecordedProgress> {
  return page.evaluate(() => (window as Recorder).__rdProgress ?? { rows: [], live: [] });
}
