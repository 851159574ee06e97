import type { RunnerDoctorApi } from '../../shared/ipc/api';

let current: RunnerDoctorApi | undefined;

/** The one window.api (or bridge client) of this page, set once at start-up. */
export function setApi(instance: RunnerDoctorApi): void {
  current = instance;
}

export function api(): RunnerDoctorApi {
  if (!current) throw new Error('The API is not initialised yet');
  return current;
}
