let workerModule: string | undefined;

/**
 * Runs the byte pass of log scans in worker threads started from `moduleUrl` (the built
 * log-scan-worker.ts). A build registers it when it ships that file (the CLI does); without
 * it, logs are scanned on the calling thread. Kept apart from the pool so that registering
 * loads nothing at start-up.
 */
export function useLogScanWorkers(moduleUrl: string): void {
  workerModule = moduleUrl;
}

export function logScanWorkerModule(): string | undefined {
  return workerModule;
}
