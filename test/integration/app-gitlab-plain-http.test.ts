import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatError } from '../../shared/i18n/text';
import { memorySecretStore } from '../../electron/core/app/memory-secrets';
import { createAppService, type AppService } from '../../electron/core/app/service';
import { invoker } from './app-harness';
import { networkAddress } from '../helpers/network-address';

/**
 * The app's GitLab target over plain http, as the wizard sends it: a real http server reached
 * through this machine's network address (not loopback). The token must not leave unless the
 * input insists, as in the CLI (--allow-insecure-http).
 */
const TOKEN = 'glpat-' + 'PlainHttpPlainHttp1234';
let dir: string;
let server: Server;
let service: AppService;
let port: number;
const seen: IncomingHttpHeaders[] = [];
const { raw, call } = invoker(() => service.handlers);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rd-app-plain-http-'));
  server = createServer((req, res) => {
    seen.push(req.headers);
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end('{"message":"401 Unauthorized"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
  port = (server.address() as AddressInfo).port;
  service = createAppService(
    { shell: 'browser', secrets: memorySecretStore('kept in memory for this run'), chooseSavePath: async () => undefined, chooseOpenPath: async () => undefined },
    { configDir: join(dir, 'config'), home: join(dir, 'home') },
  );
});
afterAll(async () => {
  await service?.dispose();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

describe('a GitLab token and plain http in the app', () => {
  it('gitlab.test and collect.start refuse a non-loopback http:// URL with a clear input error; nothing is sent', async () => {
    const url = `http://${networkAddress()}:${port}`;
    const { tokenRef } = await call('gitlab.saveToken', { url, token: TOKEN });
    seen.length = 0;
    const tested = await raw('gitlab.test', { url, tokenRef });
    expect(tested).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/is plain http: the token would cross the network.*Use https/) } });
    // The refusal travels with its message id: a window in Russian says it in Russian, naming its own tick box.
    const text = !tested.ok ? tested.error.text : undefined;
    expect(text && formatError(text, 'ru')).toMatch(/— обычный http: токен пойдёт по сети открытым текстом.*поставьте в панели GitLab галочку «Всё равно отправлять токен по http без шифрования»$/);
    const started = await raw('collect.start', { sources: { gitlab: { url, tokenRef } } });
    expect(started).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/is plain http/) } });
    expect(seen).toHaveLength(0);
  });

  it('sends it when the input insists (allowInsecureHttp), and to this machine without asking', async () => {
    const remote = `http://${networkAddress()}:${port}`;
    const { tokenRef } = await call('gitlab.saveToken', { url: remote, token: TOKEN });
    seen.length = 0;
    const insisted = await raw('gitlab.test', { url: remote, tokenRef, allowInsecureHttp: true });
    expect(insisted).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(seen.some((h) => h['private-token'] === TOKEN || h.authorization === `Bearer ${TOKEN}`)).toBe(true);

    const local = `http://127.0.0.1:${port}`;
    const saved = await call('gitlab.saveToken', { url: local, token: TOKEN });
    seen.length = 0;
    expect(await raw('gitlab.test', { url: local, tokenRef: saved.tokenRef })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(seen.length).toBeGreaterThan(0);
  });
});
