import type { Readable } from 'node:stream';
import type { EvidenceEntry, EvidenceReader } from '../../evidence/reader';
import type { Facts } from '../facts';
import { logScanWorkerModule } from './log-scan-module';
import { scanLogInWorker, type LogScan } from './log-scan-pool';
import { scanThreads } from '../../evidence/redact/scan-pool';
import { activeSignatures, hintSet, prepareSignatures, replayLog, scanLog, type Prepared } from './scan-log';

/** Logs smaller than this are scanned on the calling thread. */
export const WORKER_MIN_BYTES = 1 << 20;

interface Ahead {
  prepared: Prepared;
  scan: LogScan;
}

/**
 * Log scans in file order, as analysis needs them (each may use what the ones before found),
 * with the byte pass of the next few logs running meanwhile on worker threads, when the build
 * ships them and the logs are files on disk. A log whose signatures changed since its byte pass
 * began (facts found in the logs before it) is scanned again here.
 */
export class LogScans {
  private readonly ahead = new Map<EvidenceEntry, Ahead>();
  private next = 0;

  constructor(
    private readonly reader: EvidenceReader,
    private readonly logs: readonly EvidenceEntry[],
    private readonly facts: Facts,
    private readonly open: (entry: EvidenceEntry) => Readable,
    private readonly signal?: AbortSignal,
  ) {}

  /** Scans `entry`, the next of `logs`. */
  async scan(entry: EvidenceEntry): Promise<void> {
    this.startAhead(this.logs.indexOf(entry));
    const ahead = this.ahead.get(entry);
    this.ahead.delete(entry);
    const prepared = prepareSignatures(activeSignatures(this.facts));
    if (ahead?.prepared === prepared) return replayLog(entry.path, this.facts, prepared, ahead.scan.messages, this.signal);
    ahead?.scan.stop();
    return scanLog(entry.path, this.open(entry), this.facts, this.signal);
  }

  /** Stops the byte passes not taken (analysis failed or was cancelled). */
  close(): void {
    for (const ahead of this.ahead.values()) ahead.scan.stop();
    this.ahead.clear();
  }

  private startAhead(from: number): void {
    const localFile = this.reader.localFile?.bind(this.reader);
    if (!logScanWorkerModule() || !localFile) return;
    // One log per worker thread in flight, the one being matched here included: what is found
    // ahead waits here until its turn.
    for (this.next = Math.max(this.next, from); this.next < this.logs.length && this.next < from + scanThreads(); this.next++) {
      const entry = this.logs[this.next]!;
      // journalctl's JSON is decoded before the scan (journal-bytes.ts): scanned here.
      if (entry.kind === 'journal') continue;
      const file = localFile(entry.path);
      // A small log costs less here than its trip to a worker.
      if (file.bytes < WORKER_MIN_BYTES) continue;
      const prepared = prepareSignatures(activeSignatures(this.facts));
      this.ahead.set(entry, { prepared, scan: scanLogInWorker({ ...hintSet(prepared), path: file.path, file: entry.path }, this.signal) });
    }
  }
}
