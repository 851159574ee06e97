/**
 * Runs sandboxed, before the renderer: exposes exactly the RunnerDoctorApi as `window.api`.
 * The renderer never gets ipcRenderer itself, and listeners never see Electron's event object.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_EVENT, IPC_INVOKE, type RunnerDoctorApi } from '../../shared/ipc/api';

const api: RunnerDoctorApi = {
  invoke: (channel, input) => ipcRenderer.invoke(IPC_INVOKE, channel, input),
  on(event, listener) {
    const forward = (_e: IpcRendererEvent, name: unknown, payload: unknown): void => {
      if (name === event) listener(payload as Parameters<typeof listener>[0]);
    };
    ipcRenderer.on(IPC_EVENT, forward);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT, forward);
    };
  },
};

contextBridge.exposeInMainWorld('api', api);
