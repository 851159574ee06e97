import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The Electron executable if one is installed, else undefined. Reads the electron package's
 * path.txt instead of require('electron'), which would try to download the binary.
 */
export function findElectronBinary(): string | undefined {
  if (process.env['ELECTRON_EXEC_PATH'] && existsSync(process.env['ELECTRON_EXEC_PATH'])) {
    return process.env['ELECTRON_EXEC_PATH'];
  }
  try {
    const pkgDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const pathFile = path.join(pkgDir, 'path.txt');
    if (!existsSync(pathFile)) return undefined;
    const binary = path.join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}
