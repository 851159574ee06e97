import type { Message } from '../../../shared/messages';
import { msg } from './fix-text';
import { concurrentOf, runnersOf, type RunnerKeyEdit } from './toml-edit';

/** The runner's own advice: 2–4, never above the runner's `limit`. */
const MIN = 2;
const MAX = 4;

/**
 * request_concurrency for each `[[runners]]` left at 1 (or unset), from its limit and the global
 * concurrent; the inverse edits for the rollback; and the runners left alone, in words.
 */
export function concurrencyEdits(text: string): { edits: RunnerKeyEdit[]; undo: RunnerKeyEdit[]; skipped: Message[] } {
  const concurrent = concurrentOf(text);
  const edits: RunnerKeyEdit[] = [];
  const undo: RunnerKeyEdit[] = [];
  const skipped: Message[] = [];
  runnersOf(text).forEach((r, index) => {
    if ((r.requestConcurrency ?? 1) > 1) return;
    const ceiling = r.limit ?? concurrent ?? MAX;
    if (ceiling < MIN) return void skipped.push(msg('concurrency.skipped', { runner: r.name ?? index + 1, limit: ceiling }));
    edits.push({ index, key: 'request_concurrency', value: Math.min(MAX, ceiling) });
    undo.push({ index, key: 'request_concurrency', value: r.requestConcurrency });
  });
  return { edits, undo, skipped };
}

/** The plan's line for one edit: `runner NAME: request_concurrency OLD → NEW`. */
export function concurrencyChange(text: string, edit: RunnerKeyEdit): Message {
  const r = runnersOf(text)[edit.index];
  return msg('concurrency.change', { runner: r?.name ?? edit.index + 1, from: r?.requestConcurrency ?? msg('concurrency.default'), to: String(edit.value) });
}

/** Edits whose runner does not carry the new value in `text` (verification). */
export function concurrencyMissing(text: string, edits: readonly RunnerKeyEdit[]): RunnerKeyEdit[] {
  const runners = runnersOf(text);
  return edits.filter((e) => runners[e.index]?.requestConcurrency !== e.value);
}
