// Where the installed Electron executable is, if any. Reads the electron package's path.txt
// instead of require('electron'), which would try to download the binary.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export function installedElectronBinary() {
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
