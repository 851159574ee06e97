export declare const LOG_SCAN_WORKER_FILE: string;
export declare function buildLogScanWorker(outDir: string): Promise<string>;
