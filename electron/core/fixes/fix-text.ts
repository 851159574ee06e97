import type { PreflightCheck, PreflightView } from '../../../shared/fixes';
import { errorText } from '../../../shared/messages';
import { errorMessage } from '../util/abort';
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

/**
 * An error in words: its message where it carries one (a fix's own errors, the Kubernetes and
 * GitLab clients'), so each reader words it in their language; else its English as it came.
 */
export const errorSaid = (err: unknown): string | Message => errorText(err) ?? errorMessage(err);

/** A check that failed on an error: its name a catalog message, its detail the error's words. */
export function failedCheck(name: Message, err: unknown): PreflightCheck {
  const detail = errorText(err);
  return { name: english(name), ok: false, detail: errorMessage(err), messages: { name, ...(detail ? { detail } : {}) } };
}

/** The server-side dry run failed: the server's own words (with their message where the client gave one). */
export const dryRunFailed = (err: unknown): PreflightCheck => failedCheck(msg('check.dryRun'), err);

/** A preflight that could not run at all: the error that stopped it, as its one failed check. */
export const preflightFailed = (err: unknown): PreflightView => ({ ok: false, checks: [failedCheck(msg('check.preflight'), err)] });
