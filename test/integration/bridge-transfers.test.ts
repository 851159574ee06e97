import { mkdtemp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppService, type AppService } from '../../electron/core/app/service';
import { createBrowserHost } from '../../electron/core/bridge/browser-host';
import { Transfers } from '../../electron/core/bridge/transfers';
import { startBridge, TOKEN_HEADER, type BridgeHandle } from '../../electron/core/bridge/ws-bridge-server';

let work: string;
let transfers: Transfers;
let service: AppService;
let bridge: BridgeHandle;
let origin: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'rd-transfers-'));
  await mkdir(path.join(work, 'renderer'));
  await writeFile(path.join(work, 'renderer', 'index.html'), '<!doctype html><title>t</title>');
  transfers = await Transfers.create();
  service = createAppService(createBrowserHost({ saveDir: work, transfers }));
  bridge = await startBridge({ handlers: service.handlers, rendererDir: path.join(work, 'renderer'), transfers });
  origin = `http://127.0.0.1:${bridge.port}`;
});

afterAll(async () => {
  await bridge?.close();
  await service?.dispose();
  await transfers?.dispose();
  await rm(work, { recursive: true, force: true });
});

const upload = (headers: Record<string, string>, body = 'PK\x03\x04 not really a zip') =>
  fetch(`${origin}/upload`, { method: 'POST', headers, body });

/** The browser bridge's file transfers: an upload needs this run's token from our own page; a download is served once. */
describe('bridge uploads and downloads', () => {
  it('refuses an upload without the token or from another origin', async () => {
    expect((await upload({ Origin: origin })).status).toBe(401);
    expect((await upload({ Origin: origin, [TOKEN_HEADER]: 'f'.repeat(64) })).status).toBe(401);
    expect((await upload({ Origin: 'http://evil.example', [TOKEN_HEADER]: bridge.token })).status).toBe(403);
    expect((await readdir(transfers.dir)).length).toBe(0);
  });

  it('streams an upload to a private file that bundle.open takes by id, and says clearly when it is no bundle', async () => {
    const res = await upload({ Origin: origin, [TOKEN_HEADER]: bridge.token });
    expect(res.status).toBe(200);
    const { id } = (await res.json()) as { id: string };
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(transfers.uploadedPath(id)).toMatch(new RegExp(`^${transfers.dir}`));
    const opened = await service.handlers['bundle.open']({ upload: id }, { emit: () => undefined }).catch((e: Error) => e);
    expect(opened).toBeInstanceOf(Error);
    await expect(service.handlers['bundle.open']({ upload: 'a'.repeat(32) }, { emit: () => undefined })).rejects.toThrow(/not known here/);
  });

  it('serves a staged download once, as an attachment, then deletes it', async () => {
    const staged = transfers.stagingPath('runner-doctor-bundle-x.zip');
    await writeFile(staged, 'zip bytes');
    const url = transfers.offer(staged, 'runner-doctor-bundle-x.zip');
    const first = await fetch(`${origin}${url}`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-disposition')).toBe('attachment; filename="runner-doctor-bundle-x.zip"');
    expect(await first.text()).toBe('zip bytes');
    expect((await fetch(`${origin}${url}`)).status).toBe(404);
    await expect.poll(async () => (await readdir(transfers.dir)).includes(path.basename(staged))).toBe(false);
  });
});
