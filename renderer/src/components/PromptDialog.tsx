import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PromptRequest } from '../../../shared/ipc/prompts';
import { currentLanguage } from '../i18n';
import { answerPrompt } from '../prompt-actions';
import { useStore } from '../store';
import { rememberFocus, trapTab } from './focus-trap';
import { ExecPromptBody, HostKeyPromptBody } from './PromptBodies';

/** The oldest open question from the main process, as a modal dialog. */
export function PromptDialog() {
  const prompt = useStore((s) => s.prompts[0]);
  const waiting = useStore((s) => s.prompts.length);
  if (!prompt) return null;
  return <Dialog key={prompt.promptId} prompt={prompt} more={waiting - 1} />;
}

const LABELS: Record<PromptRequest['kind'], 'exec' | 'hostKey'> = { 'kube-exec': 'exec', 'ssh-host-key': 'hostKey' };

/**
 * role=dialog with aria-modal; the rest of the page is inert while it is open. Focus starts on
 * the safe answer and stays inside; Escape answers no; focus returns where it was afterwards.
 */
function Dialog({ prompt, more }: { prompt: PromptRequest; more: number }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const restore = rememberFocus();
    ref.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return restore;
  }, []);
  const answer = (accept: boolean) => void answerPrompt(prompt.promptId, accept);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      answer(false);
    } else if (e.key === 'Tab') {
      trapTab(e, ref.current);
    }
  };
  // In the interface's language, not the browser's: "до 13:11", not "до 01:11 PM".
  const expires = new Date(prompt.expiresAt).toLocaleTimeString(currentLanguage(), { hour: '2-digit', minute: '2-digit' });
  return (
    <div className="dialog-backdrop">
      <div
        ref={ref}
        role="dialog"
        aria-modal="true"
        aria-labelledby="prompt-title"
        aria-describedby="prompt-body"
        className="dialog"
        onKeyDown={onKeyDown}
      >
        {prompt.kind === 'kube-exec' ? <ExecPromptBody prompt={prompt} /> : <HostKeyPromptBody prompt={prompt} />}
        <p className="meta">
          {t('prompt.expires', { time: expires })}
          {more > 0 && ` ${t('prompt.more', { count: more })}`}
        </p>
        <div className="actions">
          <button type="button" data-autofocus onClick={() => answer(false)}>
            {t(`prompt.${LABELS[prompt.kind]}.no`)}
          </button>
          <button type="button" className="primary" onClick={() => answer(true)}>
            {t(`prompt.${LABELS[prompt.kind]}.yes`)}
          </button>
        </div>
      </div>
    </div>
  );
}
