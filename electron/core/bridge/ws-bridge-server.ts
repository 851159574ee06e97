/**
 * The browser bridge: lets the renderer run in an ordinary browser (tests, machines without an
 * Electron binary) by carrying the IPC contract over a loopback WebSocket to the same handlers.
 *
 * Threat model: any local process or web page may try to reach the port. Therefore it binds
 * 127.0.0.1 only, accepts WebSocket upgrades only on /bridge with this run's random token and
 * our own Origin, and checks the Host header against DNS rebinding. Static files come only from
 * the built renderer directory.
 */
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { fail } from '../../../shared/ipc/envelope';
import type { EventName, EventPayload } from '../../../shared/ipc/events';
import { dispatch } from '../app/dispatch';
import type { HandlerContext, Handlers } from '../app/handler-types';
import { errorMessage } from '../util/abort';
import { invokeMessageSchema, type BridgeMessage } from './bridge-messages';
import { RENDERER_SECURITY_HEADERS } from './csp';
import { contentTypeFor, resolveStaticFile } from './static-files';
import { newBridgeToken, tokenMatches } from './token';

export const BRIDGE_PATH = '/bridge';
const LOOPBACK = '127.0.0.1';
const MAX_MESSAGE_BYTES = 1024 * 1024;

export interface BridgeOptions {
  handlers: Handlers;
  /** Directory holding the built renderer (out/renderer). */
  rendererDir: string;
  /** Only loopback is allowed; the option exists so a wrong value fails loudly. */
  host?: '127.0.0.1';
  /** 0 (default) picks a free port. */
  port?: number;
}

export interface BridgeHandle {
  /** http://127.0.0.1:PORT/#token=… — open this in a browser. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export async function startBridge(options: BridgeOptions): Promise<BridgeHandle> {
  const host: string = options.host ?? LOOPBACK;
  if (host !== LOOPBACK) throw new Error(`The bridge listens on ${LOOPBACK} only, not on ${host}`);
  const token = newBridgeToken();
  let port = 0;
  const expectedHost = (): string => `${LOOPBACK}:${port}`;
  const expectedOrigin = (): string => `http://${LOOPBACK}:${port}`;

  const server = createServer((req, res) => {
    if (req.headers.host !== expectedHost()) return plain(res, 421, 'Misdirected request');
    void serveStatic(options.rendererDir, req, res);
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  wss.on('error', () => undefined);
  server.on('clientError', (_err, socket) => socket.destroy());

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', expectedOrigin());
    if (url.pathname !== BRIDGE_PATH) return refuse(socket, 404, 'Not Found');
    if (req.headers.host !== expectedHost()) return refuse(socket, 421, 'Misdirected Request');
    if (!tokenMatches(token, url.searchParams.get('token'))) return refuse(socket, 401, 'Unauthorized');
    if (req.headers.origin !== expectedOrigin()) return refuse(socket, 403, 'Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => serveConnection(ws, options.handlers));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `${expectedOrigin()}/#token=${token}`,
    port,
    token,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** One browser tab: invokes answered in any order, events pushed to this tab only. */
function serveConnection(ws: WebSocket, handlers: Handlers): void {
  const send = (message: BridgeMessage): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  const ctx: HandlerContext = {
    emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
      send({ type: 'event', event, payload });
    },
  };
  // A frame over the limit or an unmasked one: ws closes this socket (1009, 1002) and reports
  // an error here; heard, it ends this tab's connection only, never the bridge.
  ws.on('error', () => ws.terminate());
  ws.on('message', (data, isBinary) => {
    if (isBinary) return send({ type: 'result', id: null, result: fail('invalid-input', 'Binary messages are not accepted') });
    let raw: unknown;
    try {
      raw = JSON.parse(data.toString());
    } catch {
      return send({ type: 'result', id: null, result: fail('invalid-input', 'Message is not JSON') });
    }
    const parsed = invokeMessageSchema.safeParse(raw);
    if (!parsed.success) {
      const id = idOf(raw);
      return send({ type: 'result', id, result: fail('invalid-input', 'Message is not an invoke') });
    }
    const { id, channel, input } = parsed.data;
    dispatch(handlers, channel, input, ctx).then(
      (result) => send({ type: 'result', id, result }),
      (err: unknown) => send({ type: 'result', id, result: fail('internal', errorMessage(err)) }),
    );
  });
}

async function serveStatic(rootDir: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Method not allowed');
  const pathname = (req.url ?? '/').split('?')[0] ?? '/';
  const file = await resolveStaticFile(rootDir, pathname);
  if (!file) return plain(res, 404, 'Not found');
  res.writeHead(200, { ...RENDERER_SECURITY_HEADERS, 'Content-Type': contentTypeFor(file) });
  if (req.method === 'HEAD') return void res.end();
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...RENDERER_SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () => socket.destroy());
}

function idOf(raw: unknown): string | number | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const id = (raw as { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? id : null;
}
