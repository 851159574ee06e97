import { useEffect, useRef, type KeyboardEvent } from 'react';
import { rememberFocus, trapTab } from './focus-trap';

/**
 * A confirm dialog's focus handling: focus starts on its `[data-autofocus]` element, Tab stays
 * inside, Escape cancels, and focus goes back to the opener when it closes.
 */
export function useModalDialog(onCancel: () => void) {
  const ref = useRef<HTMLDivElement>(null);
  // Taken while rendering: by the time the effect runs, the page behind is inert and has lost focus.
  const opener = useRef(document.activeElement instanceof HTMLElement ? document.activeElement : null);
  useEffect(() => {
    const restore = rememberFocus(opener.current);
    ref.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return restore;
  }, []);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      onCancel();
    } else if (e.key === 'Tab') {
      trapTab(e, ref.current);
    }
  };
  return { ref, onKeyDown };
}
