import type { RunnerDoctorApi } from '../../shared/ipc/api';
import type { Channel, ChannelInput, ChannelOutput } from '../../shared/ipc/channels';
import { fail, type Envelope } from '../../shared/ipc/envelope';
import type { EventName, EventPayload } from '../../shared/ipc/events';

export type ConnectionState = { state: 'connected' } | { state: 'unreachable'; message: string };

type Incoming =
  { type: 'result'; id: number | string | null; result: Envelope<unknown> } | { type: 'event'; event: string; payload: unknown };

/**
 * RunnerDoctorApi over the browser bridge's WebSocket. Every invoke resolves to an envelope,
 * never rejects: a lost connection answers `unreachable` and the next call reconnects.
 */
export class BridgeClient implements RunnerDoctorApi {
  private socket: Promise<WebSocket> | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, (result: Envelope<unknown>) => void>();
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();

  constructor(
    private readonly url: string | undefined,
    private readonly onConnection: (state: ConnectionState) => void,
  ) {}

  async invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<Envelope<ChannelOutput<C>>> {
    let ws: WebSocket;
    try {
      ws = await this.connect();
    } catch (err) {
      return fail('unreachable', err instanceof Error ? err.message : String(err));
    }
    const id = this.nextId++;
    const answer = new Promise<Envelope<unknown>>((resolve) => this.pending.set(id, resolve));
    ws.send(JSON.stringify({ type: 'invoke', id, channel, input }));
    return (await answer) as Envelope<ChannelOutput<C>>;
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    const wrapped = (payload: unknown): void => listener(payload as EventPayload<E>);
    set.add(wrapped);
    this.listeners.set(event, set);
    // Events only flow over an open connection.
    this.connect().catch(() => undefined);
    return () => {
      set.delete(wrapped);
    };
  }

  private connect(): Promise<WebSocket> {
    this.socket ??= this.open().catch((err: unknown) => {
      this.socket = undefined;
      throw err;
    });
    return this.socket;
  }

  private open(): Promise<WebSocket> {
    const url = this.url;
    if (!url) {
      const message = 'This page has no access token. Open the address printed by `npm run dev:browser`.';
      this.onConnection({ state: 'unreachable', message });
      return Promise.reject(new Error(message));
    }
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      let opened = false;
      ws.addEventListener('open', () => {
        opened = true;
        this.onConnection({ state: 'connected' });
        resolve(ws);
      });
      ws.addEventListener('message', (e) => this.receive(e.data));
      ws.addEventListener('close', () => {
        const message = opened
          ? 'The connection to Runner Doctor was lost. Is `npm run dev:browser` still running?'
          : 'Runner Doctor is not reachable. Start it with `npm run dev:browser` and open the address it prints.';
        this.socket = undefined;
        this.failPending(message);
        this.onConnection({ state: 'unreachable', message });
        if (!opened) reject(new Error(message));
      });
    });
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let message: Incoming;
    try {
      message = JSON.parse(data) as Incoming;
    } catch {
      return;
    }
    if (message.type === 'event') {
      for (const listener of this.listeners.get(message.event) ?? []) listener(message.payload);
    } else if (message.type === 'result' && typeof message.id === 'number') {
      this.pending.get(message.id)?.(message.result);
      this.pending.delete(message.id);
    }
  }

  private failPending(message: string): void {
    for (const resolve of this.pending.values()) resolve(fail('unreachable', message));
    this.pending.clear();
  }
}
