import type { PreflightCheck } from '../../../shared/fixes';
import type { VerifyResult } from './fix-definition';
import { formatIn } from '../../../shared/i18n/text';
import { msg, type Message, type MessageParam } from '../../../shared/messages';

/**
 * Fix texts as message ids (catalog shared/i18n/fixes.*.json) with their English, so the
 * English fields scripts read and the ids other languages format from are one text.
 */
export type Params = Record<string, MessageParam | undefined | false>;

/** The English of a fixes-catalog message. */
export const english = (m: Message): string => formatIn(m, 'en', 'fixes');

/** One text: its message and its English. */
export function said(key: string, params?: Params): { text: string; message: Message } {
  const message = msg(key, params);
  return { text: english(message), message };
}

/** A preflight check whose name and detail are catalog messages. */
export function check(name: Message, ok: boolean, detail: Message): PreflightCheck {
  return { name: english(name), ok, detail: english(detail), messages: { name, detail } };
}

export { msg };

/** A verification result whose detail is a catalog message. */
export const verified = (ok: boolean, message: Message): VerifyResult & { message: Message } => ({ ok, detail: english(message), message });

/** A preflight check named by a command or path (the same in every language), its detail a catalog message. */
export function namedCheck(name: string, ok: boolean, detail: Message): PreflightCheck {
  return { name, ok, detail: english(detail), messages: { detail } };
}

/** The server-side dry run passed: what passed, in words. */
export const dryRunPassed = (detail: Message): PreflightCheck => check(msg('check.dryRun'), true, detail);

/** The server-side dry run failed: the server's own words. */
export function dryRunFailed(error: string): PreflightCheck {
  const name = msg('check.dryRun');
  return { name: english(name), ok: false, detail: error, messages: { name } };
}
