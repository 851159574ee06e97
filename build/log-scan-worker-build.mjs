// Builds the log scan's worker-thread module (electron/core/diagnosis/scan/log-scan-worker.ts)
// into one file with nothing to import but Node's own modules, beside the entry that registers
// it (log-scan-module.ts). One file, so that a packaged app can unpack it alone from app.asar:
// worker threads cannot load modules from inside the archive. Used by the CLI, the desktop
// app's main build and the browser-mode host.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** Its file name: log-scan-module.ts's LOG_SCAN_WORKER_FILE. */
export const LOG_SCAN_WORKER_FILE = 'log-scan-worker.js';

const entry = fileURLToPath(new URL('../electron/core/diagnosis/scan/log-scan-worker.ts', import.meta.url));

/** Writes `<outDir>/log-scan-worker.js`; resolves its path. */
export async function buildLogScanWorker(outDir) {
  const outfile = path.join(outDir, LOG_SCAN_WORKER_FILE);
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  return outfile;
}
