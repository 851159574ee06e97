import { msg, type Message } from '../../../shared/messages';
import { errorMessage } from '../util/abort';
import { systemReason } from '../util/network-failure';

/**
 * Why a file or folder the user gave could not be read: the system's own sentence stays the
 * English ("EACCES: permission denied, open '…'"); `text` words its code (the one classifier's
 * table), for other languages; a code it does not know is quoted as the system gave it.
 */
export function unreadableReason(err: unknown): { reason: string; text: Message } {
  return { reason: errorMessage(err), text: msg('files.unreadable', { why: systemReason(err) }) };
}
