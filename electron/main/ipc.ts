import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { IPC_EVENT, IPC_INVOKE } from '../../shared/ipc/api';
import { fail, type Envelope } from '../../shared/ipc/envelope';
import type { EventName, EventPayload } from '../../shared/ipc/events';
import { dispatch } from '../core/app/dispatch';
import type { HandlerContext, Handlers } from '../core/app/handler-types';
import { isAppUrl, type AppUrl } from './app-url';

/**
 * The one ipcMain handler. Every channel of the contract goes through it: the sender must be
 * the main frame of one of our pages; dispatch() validates the input against the channel's
 * schema and turns errors into envelopes (Electron would otherwise reduce them to
 * "Error invoking remote method").
 */
export function registerIpc(handlers: Handlers, appUrl: AppUrl): () => void {
  ipcMain.handle(IPC_INVOKE, async (event, channel: unknown, input: unknown): Promise<Envelope<unknown>> => {
    if (!isTrustedSender(event, appUrl)) return fail('forbidden-sender', 'This page may not call Runner Doctor');
    if (typeof channel !== 'string') return fail('unknown-channel', 'Channel must be a string');
    return dispatch(handlers, channel, input, contextFor(event));
  });
  return () => ipcMain.removeHandler(IPC_INVOKE);
}

function isTrustedSender(event: IpcMainInvokeEvent, appUrl: AppUrl): boolean {
  const frame = event.senderFrame;
  if (!frame || frame !== event.sender.mainFrame) return false;
  return isAppUrl(frame.url, appUrl);
}

/** Events go back to the window that asked, as long as it is still open. */
function contextFor(event: IpcMainInvokeEvent): HandlerContext {
  const target = event.sender;
  return {
    emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
      if (!target.isDestroyed()) target.send(IPC_EVENT, name, payload);
    },
  };
}
