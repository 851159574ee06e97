import { msg, type Message } from '../../../shared/messages';
import { errorMessage } from '../util/abort';

/** File-system errors a user can act on, worded by their code; any other is quoted as the system gave it. */
const WORDED_CODES = new Set(['EACCES', 'EPERM', 'ENOENT', 'EISDIR', 'ELOOP', 'EIO', 'EMFILE', 'ENFILE', 'ENAMETOOLONG']);

/**
 * Why a file or folder the user gave could not be read: the system's own sentence stays the
 * English ("EACCES: permission denied, open '…'"); `text` words its code, for other languages.
 */
export function unreadableReason(err: unknown): { reason: string; text: Message } {
  const system = errorMessage(err);
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return { reason: system, text: msg('files.unreadable', { why: code && WORDED_CODES.has(code) ? msg(`files.io.${code}`, { code }) : system }) };
}
