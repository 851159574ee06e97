import type { Readable } from 'node:stream';
import type { EvidenceKind, RedactedToken } from '../../../shared/evidence';

export interface EvidenceEntry {
  /** Path shown in findings: inside the bundle, or relative to what the user pointed at. */
  path: string;
  kind: EvidenceKind;
  source: string;
  /** The GitLab tokens redaction replaced in it, as the store or the manifest recorded them. */
  redactedTokens?: readonly RedactedToken[];
}

/**
 * Chunk size for reading evidence files whole (ingest, scan, bundle): large reads mean fewer
 * system calls and callbacks per megabyte; Node's default of 64 KiB costs a fifth of a scan.
 */
export const READ_CHUNK_BYTES = 1 << 20;

/** Read access to a set of evidence files, wherever they live (store, folder, bundle). */
export interface EvidenceReader {
  entries(): readonly EvidenceEntry[];
  open(path: string): Readable;
  /** Where the file is on disk and its size, when it is a plain file there (a worker thread may read it). */
  localFile?(path: string): { path: string; bytes: number };
}

/** Reads a stream to a string, refusing to go past `maxBytes` (structured evidence is small). */
export async function readSmall(stream: Readable, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > maxBytes) {
      stream.destroy();
      throw new Error(`larger than ${maxBytes} bytes`);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}
