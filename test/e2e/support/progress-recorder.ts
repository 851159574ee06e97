import type { Page } from 'playwright-core';

export interface RecordedProgress {
  rows: { source: string; state: string; details: string }[];
  /** Per-target header texts ("Kubernetes ctx/ns 3 of 5 parts done"), as last seen. */
  groups: string[];
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
    const seen: RecordedProgress = { rows: [], groups: [], live: [] };
    w.__rdProgress = seen;
    const text = (el: Element | null | undefined): string => (el?.textContent ?? '').trim();
    new MutationObserver(() => {
      // Source rows carry their full id; the per-target header rows have none and are skipped.
      for (const tr of document.querySelectorAll('.progress-table tbody tr[data-source]')) {
        const cells = tr.querySelectorAll('td');
        const row = { source: tr.getAttribute('data-source') ?? '', state: text(cells[0]), details: text(cells[1]) };
        if (!seen.rows.some((r) => r.source === row.source && r.state === row.state && r.details === row.details)) {
          seen.rows.push(row);
        }
      }
      const groups = [...document.querySelectorAll('.progress-table .group-row th')].map((th) => text(th));
      if (groups.length) seen.groups = groups;
      const live = text(document.querySelector('.live-summary'));
      if (live && seen.live.at(-1) !== live) seen.live.push(live);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

export async function recordedProgress(page: Page): Promise<RecordedProgress> {
  return page.evaluate(() => (window as Recorder).__rdProgress ?? { rows: [], groups: [], live: [] });
}
