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
import { rm } from 'node:fs/promises';
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
import { UploadTooLarge, type Transfers } from './transfers';

export const BRIDGE_PATH = '/bridge';
export const UPLOAD_PATH = '/upload';
/** The header that carries this run's token on an upload (a page of another origin cannot set it). */
export const TOKEN_HEADER = 'x-runner-doctor-token';
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
  /** Bundles uploaded to open and offered for download; without it the bridge serves static files only. */
  transfers?: Transfers;
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
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    const transfers = options.transfers;
    if (transfers && pathname === UPLOAD_PATH) {
      if (req.method !== 'POST') return plain(res, 405, 'Method not allowed');
      if (req.headers.origin !== expectedOrigin()) return plain(res, 403, 'Forbidden');
      const given = req.headers[TOKEN_HEADER];
      if (!tokenMatches(token, typeof given === 'string' ? given : undefined)) return plain(res, 401, 'Unauthorized');
      return void receiveUpload(transfers, req, res);
    }
    const download = /^\/download\/([0-9a-f]{32})$/.exec(pathname);
    if (transfers && download) return void serveDownload(transfers, download[1]!, res);
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

async function receiveUpload(transfers: Transfers, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const id = await transfers.receive(req);
    res.writeHead(200, { ...RENDERER_SECURITY_HEADERS, 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ id }));
  } catch (err) {
    if (err instanceof UploadTooLarge) return plain(res, 413, err.message);
    plain(res, 400, `Upload failed: ${errorMessage(err)}`);
  }
}

/** A saved bundle, once, as an attachment; the staged copy is deleted after it is sent. */
async function serveDownload(transfers: Transfers, id: string, res: ServerResponse): Promise<void> {
  const entry = transfers.take(id);
  if (!entry) return plain(res, 404, 'Not found');
  res.writeHead(200, {
    ...RENDERER_SECURITY_HEADERS,
    'Content-Type': 'application/zip',
    'Content-Disposition': `attachment; filename="${entry.name.replace(/[^\w.-]/g, '_')}"`,
  });
  const stream = createReadStream(entry.file);
  stream.on('error', () => res.destroy());
  res.on('close', () => void rm(entry.file, { force: true }));
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
