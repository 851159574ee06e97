import { generateKeyPairSync } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { dispatch } from '../../electron/core/app/dispatch';
import type { HandlerContext, Handlers } from '../../electron/core/app/handler-types';
import type { Envelope } from '../../shared/ipc/envelope';
import type { EventName, EventPayload } from '../../shared/ipc/events';
import type { Channel, ChannelInput, ChannelOutput } from '../../shared/ipc/channels';
import { fingerprintSha256 } from '../../electron/core/ssh/known-hosts';

/** One simulated window: records every event the handlers emit to it, and can answer prompts. */
export interface Window {
  ctx: HandlerContext;
  events: { event: EventName; payload: unknown }[];
  of<E extends EventName>(event: E): EventPayload<E>[];
  /** Resolves with the next event of this kind that matches (already emitted ones count). */
  next<E extends EventName>(event: E, match?: (p: EventPayload<E>) => boolean, timeoutMs?: number): Promise<EventPayload<E>>;
  /** Everything the window received, as text: to check that no secret reached it. */
  transcript(): string;
}

export function openWindow(): Window {
  const events: Window['events'] = [];
  const ctx: HandlerContext = { emit: (event, payload) => void events.push({ event, payload }) };
  const of = <E extends EventName>(event: E) => events.filter((e) => e.event === event).map((e) => e.payload as EventPayload<E>);
  return {
    ctx,
    events,
    of,
    next: (event, match = () => true, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const deadline = Date.now() + timeoutMs;
        const poll = () => {
          const hit = of(event).find(match);
          if (hit) return resolve(hit);
          if (Date.now() > deadline) return reject(new Error(`no ${event} event within ${timeoutMs} ms`));
          setTimeout(poll, 20);
        };
        poll();
      }),
    transcript: () => JSON.stringify(events),
  };
}

export function invoker(handlers: () => Handlers) {
  const raw = <C extends Channel>(channel: C, input: ChannelInput<C>, win: Window = openWindow()) =>
    dispatch(handlers(), channel, input, win.ctx) as Promise<Envelope<ChannelOutput<C>>>;
  const call = async <C extends Channel>(channel: C, input: ChannelInput<C>, win?: Window): Promise<ChannelOutput<C>> => {
    const res = await raw(channel, input, win);
    if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`);
    return res.value;
  };
  return { raw, call };
}

/** SHA256 fingerprint of the first key in a known_hosts file, as ssh-keygen -lf prints it. */
export async function knownHostsFingerprint(file: string): Promise<string> {
  const [, , b64] = (await readFile(file, 'utf8')).trim().split(/\s+/);
  return fingerprintSha256(Buffer.from(b64 ?? '', 'base64'));
}

/** A known_hosts line giving `hostField` some other ed25519 key: what a changed host key looks like. */
export function otherEd25519Line(hostField: string): string {
  const raw = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const str = (b: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, b.length]), b]);
  const blob = Buffer.concat([str(Buffer.from('ssh-ed25519')), str(raw)]);
  return `${hostField} ssh-ed25519 ${blob.toString('base64')}`;
}

/** The bearer token of the lab kubeconfig's user. */
export async function kubeconfigToken(file: string): Promise<string> {
  const doc = parse(await readFile(file, 'utf8')) as { users: { user: { token: string } }[] };
  return doc.users[0]?.user.token ?? '';
}
