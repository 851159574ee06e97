import { z } from 'zod';

/**
 * A text as a message id and its parameters, so that each reader formats it in their language
 * (shared/i18n/text.ts). A parameter is a value, another message, or a list of them.
 */
export interface Message {
  key: string;
  params?: Record<string, MessageParam>;
}

/** Items joined as a list: "a and b", "a, b or c", sentences one after another, or one per line. */
export interface MessageList {
  list: (string | Message)[];
  join: 'and' | 'or' | 'comma' | 'semicolon' | 'sentences' | 'lines';
}

export type MessageParam = string | number | Message | MessageList;

export const messageSchema: z.ZodType<Message> = z.lazy(() =>
  z.object({ key: z.string(), params: z.record(z.string(), messageParamSchema).optional() }),
);
const messageListSchema: z.ZodType<MessageList> = z.lazy(() =>
  z.object({ list: z.array(z.union([z.string(), messageSchema])), join: z.enum(['and', 'or', 'comma', 'semicolon', 'sentences', 'lines']) }),
);
const messageParamSchema: z.ZodType<MessageParam> = z.lazy(() => z.union([z.string(), z.number(), messageSchema, messageListSchema]));

export function msg(key: string, params?: Record<string, MessageParam | undefined | false>): Message {
  if (!params) return { key };
  const kept = Object.entries(params).filter((e): e is [string, MessageParam] => e[1] !== undefined && e[1] !== false);
  return { key, params: Object.fromEntries(kept) };
}

export function list(items: readonly (string | Message)[], join: MessageList['join'] = 'and'): MessageList {
  return { list: [...items], join };
}

/** The same message with every string value in it (at any depth) passed through `change`: to redact what a message quotes. */
export function mapMessageStrings(m: Message, change: (text: string) => string): Message {
  const param = (p: MessageParam): MessageParam =>
    typeof p === 'string' ? change(p) : typeof p === 'number' ? p : isMessage(p) ? mapMessageStrings(p, change) : { ...p, list: p.list.map((i) => (typeof i === 'string' ? change(i) : mapMessageStrings(i, change))) };
  return m.params ? { key: m.key, params: Object.fromEntries(Object.entries(m.params).map(([k, v]) => [k, param(v)])) } : { key: m.key };
}

export function isMessage(value: unknown): value is Message {
  return typeof value === 'object' && value !== null && typeof (value as Message).key === 'string';
}

/** An error whose text is a message, so that each reader words it in their language. */
export interface TextError extends Error {
  readonly text: Message;
}

export function errorText(err: unknown): Message | undefined {
  const text = err instanceof Error ? (err as Partial<TextError>).text : undefined;
  return isMessage(text) ? text : undefined;
}
