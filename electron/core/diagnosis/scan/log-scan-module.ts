import { fileURLToPath, pathToFileURL } from 'node:url';
import { unpackedPath } from '../../util/asar-unpacked';

/** The file every build writes the worker module to, beside its entry (build/log-scan-worker-build.mjs). */
export const LOG_SCAN_WORKER_FILE = 'log-scan-worker.js';

let workerModule: string | undefined;

/**
 * Runs the byte pass of log scans in worker threads started from `moduleUrl` (the built
 * log-scan-worker.ts). Every build that ships that file registers it at start: the CLI, the
 * desktop app's main process and the browser-mode host. Without it, logs are scanned on the
 * calling thread. Kept apart from the pool so that registering loads nothing at start-up.
 */
export function useLogScanWorkers(moduleUrl: string): void {
  workerModule = moduleUrl;
}

export function logScanWorkerModule(): string | undefined {
  return workerModule;
}

/**
 * The URL of the worker module a build wrote beside its entry module `entryUrl`. In a packaged
 * app the entry is read from app.asar, which worker threads cannot load from: the worker module
 * is unpacked (build/electron-builder.yml) and taken from app.asar.unpacked.
 */
export function builtLogScanWorker(entryUrl: string): string {
  return pathToFileURL(unpackedPath(fileURLToPath(new URL(LOG_SCAN_WORKER_FILE, entryUrl)))).href;
}
