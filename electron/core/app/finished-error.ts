import type { Message } from '../../../shared/messages';
import { errorMessage } from '../util/abort';
import { failureText } from '../util/network-failure';

/** A failed operation's error as operation.finished carries it: the English, and its message id beside it when it has one. */
export function finishedError(err: unknown): { error: string; text?: Message } {
  const text = failureText(err);
  return { error: errorMessage(err), ...(text ? { text } : {}) };
}
