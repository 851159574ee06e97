import type { RunnerDoctorApi } from '../../shared/ipc/api';

declare global {
  interface Window {
    /** Set by Electron's preload; absent in a plain browser, where the bridge client stands in. */
    api?: RunnerDoctorApi;
  }
}

export {};
