import type { KeyboardEvent } from 'react';

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Keeps Tab and Shift+Tab cycling inside a modal dialog. */
export function trapTab(e: KeyboardEvent<HTMLElement>, dialog: HTMLElement | null): void {
  const items = [...(dialog?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])];
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last) return;
  if (e.shiftKey && document.activeElement === first) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault();
    first.focus();
  }
}

/**
 * Where focus goes back to when a dialog closes: where it was, or the step heading. Pass the
 * opener when it is known: by the time a dialog's effect runs, the page behind is inert and
 * has already lost focus.
 */
export function rememberFocus(opener?: HTMLElement | null): () => void {
  const previous = opener ?? (document.activeElement instanceof HTMLElement ? document.activeElement : null);
  return () => {
    const back = previous && document.contains(previous) ? previous : document.querySelector<HTMLElement>('h2.step-heading');
    back?.focus();
  };
}
