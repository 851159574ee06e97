import { existsSync } from 'node:fs';
import { installedElectronBinary } from '../../../build/electron-binary.mjs';

/** The Electron executable for launch specs: ELECTRON_EXEC_PATH when set, else the installed one. */
export function findElectronBinary(): string | undefined {
  const override = process.env['ELECTRON_EXEC_PATH'];
  if (override && existsSync(override)) return override;
  return installedElectronBinary();
}
