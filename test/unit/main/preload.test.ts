import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunnerDoctorApi } from '../../../shared/ipc/api';

// The preload runs against Electron's modules; these stand-ins record what it does with them.
const exposed = new Map<string, unknown>();
const listeners = new Set<(...args: unknown[]) => void>();
const invoke = vi.fn(async (..._args: unknown[]) => ({ ok: true, value: 'x' }));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
  ipcRenderer: {
    invoke,
    on: (_channel: string, fn: (...args: unknown[]) => void) => listeners.add(fn),
    removeListener: (_channel: string, fn: (...args: unknown[]) => void) => listeners.delete(fn),
  },
}));

let api: RunnerDoctorApi;
beforeAll(async () => {
  await import('../../../electron/preload/index');
  api = exposed.get('api') as RunnerDoctorApi;
});

describe('preload', () => {
  it('exposes only window.api with invoke and on, never ipcRenderer', () => {
    expect([...exposed.keys()]).toEqual(['api']);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
  });

  it('sends every invoke through the single contract channel', async () => {
    await api.invoke('app.info', {});
    expect(invoke).toHaveBeenCalledWith('rd:invoke', 'app.info', {});
  });

  it('delivers only the subscribed event, payload only, until unsubscribed', () => {
    const got: unknown[] = [];
    const off = api.on('operation.finished', (p) => got.push(p));
    const payload = { operationId: 'o', status: 'ok' };
    for (const fn of listeners) {
      fn({ sender: 'ipc-event-object' }, 'operation.progress', { other: true });
      fn({ sender: 'ipc-event-object' }, 'operation.finished', payload);
    }
    expect(got).toEqual([payload]);
    off();
    expect(listeners.size).toBe(0);
  });
});
