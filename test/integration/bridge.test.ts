import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createAppService, type AppService } from '../../electron/core/app/service';
import { createBrowserHost } from '../../electron/core/bridge/browser-host';
import { startBridge, type BridgeHandle } from '../../electron/core/bridge/ws-bridge-server';

const SECRET = 'outside-the-renderer-dir';
let work: string;
let service: AppService;
let bridge: BridgeHandle;
let origin: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'rd-bridge-'));
  const rendererDir = path.join(work, 'renderer');
  await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  await writeFile(path.join(rendererDir, 'assets', 'app.js'), 'export {};');
  await writeFile(path.join(work, 'secret.txt'), SECRET);
  await symlink(path.join(work, 'secret.txt'), path.join(rendererDir, 'assets', 'link.txt'));
  service = createAppService(createBrowserHost({ saveDir: work }));
  bridge = await startBridge({ handlers: service.handlers, rendererDir });
  origin = `http://127.0.0.1:${bridge.port}`;
});

afterAll(async () => {
  await bridge?.close();
  await service?.dispose();
  await rm(work, { recursive: true, force: true });
});

/** A raw HTTP request: Node sends the path as given, without normalising dot segments. */
function get(rawPath: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: bridge.port, path: rawPath, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

type Outcome = { ws: WebSocket } | { status: number };

/** `wsOrigin` null sends no Origin header at all, as a non-browser client would. */
function connect(query: string, wsOrigin: string | null = origin): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/bridge${query}`, wsOrigin ? { origin: wsOrigin } : {});
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    ws.once('error', reject);
  });
}

async function open(): Promise<WebSocket> {
  const outcome = await connect(`?token=${bridge.token}`);
  if (!('ws' in outcome)) throw new Error(`refused with ${outcome.status}`);
  return outcome.ws;
}

function send(ws: WebSocket, message: unknown): Promise<{ type: string; id: unknown; result: any }> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(data.toString())));
    ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  });
}

describe('browser bridge', () => {
  it('listens on loopback only and refuses any other bind address', async () => {
    expect(bridge.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${bridge.port}/#token=[0-9a-f]{64}$`));
    const handlers = service.handlers;
    for (const host of ['0.0.0.0', '::', 'localhost', '192.168.1.10']) {
      await expect(startBridge({ handlers, rendererDir: work, host: host as '127.0.0.1' })).rejects.toThrow(/127\.0\.0\.1 only/);
    }
  });

  it('serves the renderer with its content type and CSP', async () => {
    const index = await get('/');
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toMatch(/^text\/html/);
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    const script = await get('/assets/app.js');
    expect(script.headers['content-type']).toMatch(/^text\/javascript/);
  });

  it('refuses path traversal, encoded or through a symlink', async () => {
    for (const p of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/%2e%2e%2fsecret.txt',
      '/assets/link.txt',
      '/index.html%00.js',
      '//etc/passwd',
    ]) {
      const res = await get(p);
      expect(res.status, p).toBe(404);
      expect(res.body, p).not.toContain(SECRET);
    }
  });

  it('refuses other methods and foreign Host headers (DNS rebinding)', async () => {
    expect((await get('/', {}, 'POST')).status).toBe(405);
    expect((await get('/', { Host: `evil.example:${bridge.port}` })).status).toBe(421);
  });

  it('refuses WebSocket upgrades without the right token, origin or path', async () => {
    expect(await connect('')).toEqual({ status: 401 });
    expect(await connect('?token=')).toEqual({ status: 401 });
    expect(await connect(`?token=${'0'.repeat(64)}`)).toEqual({ status: 401 });
    expect(await connect(`?token=${bridge.token.slice(0, 63)}`)).toEqual({ status: 401 });
    expect(await connect(`?token=${bridge.token}`, 'http://evil.example')).toEqual({ status: 403 });
    expect(await connect(`?token=${bridge.token}`, null)).toEqual({ status: 403 });
    const wrongPath = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/other?token=${bridge.token}`, { origin });
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('error', () => resolve(-1));
    });
    expect(wrongPath).toBe(404);
  });

  it('answers invokes with envelopes from the real handlers', async () => {
    const ws = await open();
    try {
      const info = await send(ws, { type: 'invoke', id: 1, channel: 'app.info', input: {} });
      expect(info).toMatchObject({ type: 'result', id: 1, result: { ok: true, value: { shell: 'browser' } } });
    } finally {
      ws.close();
    }
  });

  it('answers invalid input with an invalid-input envelope, never a crash', async () => {
    const ws = await open();
    try {
      const bad = await send(ws, { type: 'invoke', id: 'a', channel: 'session.get', input: { sessionId: 42 } });
      expect(bad).toMatchObject({ id: 'a', result: { ok: false, error: { code: 'invalid-input' } } });
      const unknown = await send(ws, { type: 'invoke', id: 2, channel: 'shell.exec', input: {} });
      expect(unknown).toMatchObject({ id: 2, result: { ok: false, error: { code: 'unknown-channel' } } });
      const notInvoke = await send(ws, { type: 'subscribe', id: 3 });
      expect(notInvoke).toMatchObject({ id: 3, result: { ok: false, error: { code: 'invalid-input' } } });
      const notJson = await send(ws, '{not json');
      expect(notJson).toMatchObject({ id: null, result: { ok: false, error: { code: 'invalid-input' } } });
      // The connection survives all of that.
      const info = await send(ws, { type: 'invoke', id: 4, channel: 'app.info', input: {} });
      expect(info.result.ok).toBe(true);
    } finally {
      ws.close();
    }
  });

  it('closes a socket that sends a message over 1 MiB (1009) and keeps serving the others', async () => {
    const ws = await open();
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.on('error', () => undefined);
    ws.send('x'.repeat(1024 * 1024 + 10));
    expect(await closed).toBe(1009);
    const next = await open();
    try {
      expect((await send(next, { type: 'invoke', id: 1, channel: 'app.info', input: {} })).result.ok).toBe(true);
    } finally {
      next.close();
    }
  });

  it('closes a socket that sends an unmasked frame (1002) and keeps serving the others', async () => {
    const reply = await new Promise<Buffer>((resolve, reject) => {
      const sock = tcpConnect(bridge.port, '127.0.0.1');
      let data = Buffer.alloc(0);
      let upgraded = false;
      sock.on('error', reject);
      sock.on('data', (chunk: Buffer) => {
        data = Buffer.concat([data, chunk]);
        const end = data.indexOf('\r\n\r\n');
        if (!upgraded && end !== -1) {
          upgraded = true;
          expect(data.subarray(0, 12).toString()).toBe('HTTP/1.1 101');
          data = data.subarray(end + 4);
          sock.write(Buffer.from([0x81, 0x02, 0x68, 0x69]));
        }
      });
      sock.on('close', () => resolve(data));
      sock.write(
        `GET /bridge?token=${bridge.token} HTTP/1.1\r\nHost: 127.0.0.1:${bridge.port}\r\nOrigin: ${origin}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      );
    });
    // A close frame with status 1002 (protocol error).
    expect(reply[0]).toBe(0x88);
    expect(reply.readUInt16BE(2)).toBe(1002);
    const next = await open();
    try {
      expect((await send(next, { type: 'invoke', id: 1, channel: 'app.info', input: {} })).result.ok).toBe(true);
    } finally {
      next.close();
    }
  });
});
