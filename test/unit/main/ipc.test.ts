import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Handlers } from '../../../electron/core/app/handler-types';

type InvokeListener = (event: unknown, channel: unknown, input: unknown) => Promise<unknown>;
let registered: InvokeListener | undefined;

vi.mock('electron', () => ({
  ipcMain: {
    handle: (_channel: string, fn: InvokeListener) => (registered = fn),
    removeHandler: () => (registered = undefined),
  },
}));

const handlers = {
  'app.info': async () => ({ name: 'runner-doctor', version: '0', shell: 'electron' }),
} as unknown as Handlers;

function eventFrom(url: string, opts: { subframe?: boolean } = {}) {
  const mainFrame = { url };
  const sent: unknown[][] = [];
  return {
    senderFrame: opts.subframe ? { url } : mainFrame,
    sender: { mainFrame, isDestroyed: () => false, send: (...args: unknown[]) => sent.push(args) },
  };
}

beforeAll(async () => {
  const { registerIpc } = await import('../../../electron/main/ipc');
  const { resolveAppUrl } = await import('../../../electron/main/app-url');
  registerIpc(handlers, resolveAppUrl(undefined, true));
});

describe('main-process IPC', () => {
  it('answers our own page', async () => {
    const result = await registered!(eventFrom('app://runner-doctor/index.html'), 'app.info', {});
    expect(result).toMatchObject({ ok: true, value: { shell: 'electron' } });
  });

  it('refuses other origins, look-alike hosts and subframes', async () => {
    for (const url of ['https://evil.example/', 'app://runner-doctor.evil/', 'file:///tmp/x.html', 'app://evil@x/']) {
      expect(await registered!(eventFrom(url), 'app.info', {}), url).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    }
    const sub = await registered!(eventFrom('app://runner-doctor/index.html', { subframe: true }), 'app.info', {});
    expect(sub).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
  });

  it('returns envelopes for unknown channels and invalid input', async () => {
    const ours = 'app://runner-doctor/index.html';
    expect(await registered!(eventFrom(ours), 'nope', {})).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    expect(await registered!(eventFrom(ours), 42, {})).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    expect(await registered!(eventFrom(ours), 'session.get', { sessionId: 1 })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
  });
});
