import type { Channel, ChannelInput, ChannelOutput } from '../../../shared/ipc/channels';
import type { EventName, EventPayload } from '../../../shared/ipc/events';
import type { Message } from '../../../shared/messages';

/** What a handler may do besides answering: push events to the window that called it. */
export interface HandlerContext {
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
}

export type Handler<C extends Channel> = (input: ChannelInput<C>, ctx: HandlerContext) => Promise<ChannelOutput<C>>;

/** One implementation per channel; Electron IPC and the browser bridge both dispatch to these. */
export type Handlers = { [C in Channel]: Handler<C> };

/**
 * Where tokens the user typed are kept: the OS keychain in Electron, memory in the browser
 * bridge. Tokens go in once and are read back only in the main process, never sent to the renderer.
 */
export interface SecretStore {
  /** `persisted: false` (with a warning saying so) when the secret is kept in memory for this run only. */
  save(name: string, secret: string): Promise<{ persisted: boolean; warning?: string; warningText?: Message }>;
  load(name: string): Promise<string | undefined>;
}

/** Host services that differ between Electron and the browser bridge (dialogs, secrets, shell name). */
export interface HostServices {
  secrets: SecretStore;
  shell: 'electron' | 'browser';
  /** Asks where to save a file; resolves to a path or undefined when the user cancels. */
  chooseSavePath(defaultName: string): Promise<string | undefined>;
  /** Asks for a bundle to open; resolves to a path or undefined when the user cancels. */
  chooseOpenPath(): Promise<string | undefined>;
  /** Browser mode: the file a page uploaded through its file picker, by upload id. */
  uploadedPath?(id: string): string | undefined;
  /** Browser mode: offers a written file as a download; returns the address the page fetches it from. */
  offerDownload?(file: string): string;
}
