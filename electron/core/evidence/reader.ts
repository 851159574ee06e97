import type { Readable } from 'node:stream';
import type { EvidenceKind } from '../../../shared/evidence';

export interface EvidenceEntry {
  /** Path shown in findings: inside the bundle, or relative to what the user pointed at. */
  path: string;
  kind: EvidenceKind;
  source: string;
}

/** Read access to a set of evidence files, wherever they live (store, folder, bundle). */
export interface EvidenceReader {
  entries(): readonly EvidenceEntry[];
  open(path: string): Readable;
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
