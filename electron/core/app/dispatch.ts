import { channels, isChannel, type Channel } from '../../../shared/ipc/channels';
import { fail, ok, type Envelope, type ErrorCode } from '../../../shared/ipc/envelope';
import { errorMessage, isCancelled } from '../util/abort';
import { failureText } from '../util/network-failure';
import type { HandlerContext, Handlers } from './handler-types';
import { isMessage, type Message } from '../../../shared/messages';
import { formatError } from '../../../shared/i18n/text';

/** An error a handler throws on purpose, with a code the renderer can act on. */
export class UserFacingError extends Error {
  /** The message as an id and parameters, where the error it stands for had one. */
  readonly text?: Message;
  /** `message`: its English, or a message (`errors` catalog) whose English it then carries. */
  constructor(
    readonly code: Exclude<ErrorCode, 'forbidden-sender' | 'unknown-channel' | 'internal'>,
    message: string | Message,
    text?: Message,
  ) {
    super(isMessage(message) ? formatError(message) : message);
    const said = isMessage(message) ? message : text;
    if (said) this.text = said;
  }
}

/**
 * Validates the input against the channel's schema, runs the handler and wraps the outcome in
 * an envelope. Used by Electron's ipcMain wiring and by the browser bridge alike.
 */
export async function dispatch(handlers: Handlers, channel: string, rawInput: unknown, ctx: HandlerContext): Promise<Envelope<unknown>> {
  if (!isChannel(channel)) return fail('unknown-channel', `Unknown channel ${JSON.stringify(channel).slice(0, 80)}`);
  const parsed = channels[channel].input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return fail(
      'invalid-input',
      `Invalid input for ${channel}: ${first ? `${first.path.join('.') || 'input'}: ${first.message}` : 'rejected'}`,
    );
  }
  try {
    const handler = handlers[channel] as (input: unknown, c: HandlerContext) => Promise<unknown>;
    return ok(await handler(parsed.data, ctx));
  } catch (err) {
    if (err instanceof UserFacingError) return fail(err.code, err.message, err.text);
    if (isCancelled(err)) return fail('cancelled', 'Cancelled');
    return fail('internal', errorMessage(err), failureText(err));
  }
}

export type { Channel };
