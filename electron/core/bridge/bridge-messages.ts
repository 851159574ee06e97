import { z } from 'zod';
import type { Envelope } from '../../../shared/ipc/envelope';

/** Browser → bridge: one invoke of a contract channel. The channel's input is checked by dispatch. */
export const invokeMessageSchema = z.object({
  type: z.literal('invoke'),
  id: z.union([z.string().min(1).max(100), z.number().int().nonnegative()]),
  channel: z.string().min(1).max(100),
  input: z.unknown().optional(),
});
export type InvokeMessage = z.infer<typeof invokeMessageSchema>;

/** Bridge → browser. */
export type ResultMessage = { type: 'result'; id: InvokeMessage['id'] | null; result: Envelope<unknown> };
export type EventMessage = { type: 'event'; event: string; payload: unknown };
export type BridgeMessage = ResultMessage | EventMessage;
