import type { RunnerDoctorApi } from '../../shared/ipc/api';
import { BridgeClient, type ConnectionState } from './bridge-client';

export type { ConnectionState };

/** This run's bridge token from the page address (#token=…), or undefined. */
export function bridgeToken(location: Location): string | undefined {
  const token = new URLSearchParams(location.hash.replace(/^#/, '')).get('token');
  return token && /^[0-9a-f]{64}$/.test(token) ? token : undefined;
}

/** ws://host/bridge?token=… from the page address (#token=…), or undefined without a token. */
export function bridgeUrlFromLocation(location: Location): string | undefined {
  const token = bridgeToken(location);
  return token ? `ws://${location.host}/bridge?token=${token}` : undefined;
}

/** Electron's preload API when present; otherwise the loopback bridge of browser mode. */
export function createApi(onConnection: (state: ConnectionState) => void): RunnerDoctorApi {
  if (window.api) return window.api;
  return new BridgeClient(bridgeUrlFromLocation(window.location), onConnection);
}
