import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Copies a text to the clipboard and says so on the button for a moment. */
export function CopyButton({ text, describedBy }: { text: string; describedBy?: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(timer);
  }, [state]);
  const copy = () =>
    navigator.clipboard.writeText(text).then(
      () => setState('copied'),
      () => setState('failed'),
    );
  return (
    <button type="button" className="copy-button" aria-describedby={describedBy} onClick={() => void copy()}>
      {state === 'copied' ? t('common.copied') : state === 'failed' ? t('common.copyFailed') : t('common.copy')}
    </button>
  );
}
