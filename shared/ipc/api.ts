import type { Envelope } from './envelope';
import type { Channel, ChannelInput, ChannelOutput } from './channels';
import type { EventName, EventPayload } from './events';

/** What the renderer sees as `window.api`, whether Electron's preload or the browser bridge provides it. */
export interface RunnerDoctorApi {
  invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<Envelope<ChannelOutput<C>>>;
  /** Subscribe to a main → renderer event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export const IPC_INVOKE = 'rd:invoke';
export const IPC_EVENT = 'rd:event';
