import { Readable, Transform, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { MessageError } from '../../../shared/i18n/text';
import { errorText, msg, type Message } from '../../../shared/messages';

/**
 * Compressed evidence: a rotated `runner.log.1.gz` is what logrotate leaves on every runner
 * host. Redaction reads text, so a compressed file would pass through it unread: gzip is
 * unpacked (as a stream, within a size and ratio limit against bombs) and stored as text;
 * other archives are refused, never copied through.
 */
export type Packing = 'plain' | 'gzip' | { refused: string };

const MAGIC: { format: string; bytes: number[] }[] = [
  { format: 'zip', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { format: 'zip', bytes: [0x50, 0x4b, 0x05, 0x06] },
  { format: 'bzip2', bytes: [0x42, 0x5a, 0x68] },
  { format: 'xz', bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00] },
  { format: 'zstd', bytes: [0x28, 0xb5, 0x2f, 0xfd] },
  { format: '7z', bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { format: 'rar', bytes: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07] },
  { format: 'lz4', bytes: [0x04, 0x22, 0x4d, 0x18] },
  { format: 'compress (.Z)', bytes: [0x1f, 0x9d] },
];

/** How many bytes `packingOf` needs to see (a tar header's magic sits at 257). */
export const PACKING_HEAD_BYTES = 512;

export function packingOf(head: Buffer): Packing {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  for (const m of MAGIC) if (m.bytes.every((b, i) => head[i] === b)) return { refused: m.format };
  // A tar's members may be compressed themselves: the folder it unpacks to is what to give.
  if (head.subarray(257, 262).toString('latin1') === 'ustar') return { refused: 'tar' };
  return 'plain';
}

/** Reads the first bytes of a stream and gives them back with the rest, unread. */
export async function peek(input: Readable, bytes = PACKING_HEAD_BYTES): Promise<{ head: Buffer; stream: Readable }> {
  const it = input[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const parts: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < bytes) {
    const next = await it.next();
    if (next.done) {
      done = true;
      break;
    }
    const buf = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    parts.push(buf);
    size += buf.length;
  }
  // One chunk (a read of a file, most often) goes on as it is, not as a copy: a chunk of the
  // chunk pool then goes back to it once redacted, instead of being replaced by a fresh one.
  const head = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  async function* all(): AsyncGenerator<Buffer> {
    if (head.length) yield head;
    if (done) return;
    for (let next = await it.next(); !next.done; next = await it.next()) yield typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
  }
  const stream = Readable.from(all(), { objectMode: false });
  stream.once('close', () => void it.return?.());
  return { head, stream };
}

/** Past either, decompression stops: a few KiB that unpack to gigabytes are a bomb, not a log. */
export const MAX_UNPACKED_BYTES = 512 * 1024 * 1024;
export const MAX_UNPACK_RATIO = 1000;
/** The ratio is only judged once this much came out (small files compress very well too). */
const RATIO_FROM_BYTES = 16 * 1024 * 1024;

/** Why a gzip file was not unpacked; its text is a message (`errors` catalog). */
export class UnpackLimitError extends MessageError {}

/** Why unpacking a gzip failed: the limit it hit, the damage zlib found (its own sentence quoted), or another error as it came. */
export function unpackReason(err: Error): string | Message {
  const text = errorText(err);
  if (text) return text;
  if ((err as NodeJS.ErrnoException).code?.startsWith('Z_')) return msg('files.gzipBroken', { system: err.message });
  return err.message;
}

/** Counts what goes into the decompressor. */
class CountIn extends Transform {
  bytes = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    done(null, chunk);
  }
}

/** Stops the stream when what came out of the decompressor passes the size or ratio limit. */
class UnpackLimit extends Transform {
  private out = 0;
  private head: Buffer | undefined = Buffer.alloc(0);
  constructor(
    private readonly input: CountIn,
    private readonly maxBytes: number,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (this.head) {
      // Something compressed inside the gzip (a .tar.gz, a .gz.gz) is refused like the outer kind.
      this.head = Buffer.concat([this.head, chunk]);
      if (this.head.length < PACKING_HEAD_BYTES) return done();
      const inner = packingOf(this.head);
      if (inner !== 'plain') return done(new UnpackLimitError(msg('files.unpack.nested', { kind: inner === 'gzip' ? 'gzip' : inner.refused })));
      chunk = this.head;
      this.head = undefined;
    }
    this.out += chunk.length;
    const ratio = this.out / Math.max(1, this.input.bytes);
    if (this.out > this.maxBytes || (this.out > RATIO_FROM_BYTES && ratio > MAX_UNPACK_RATIO)) {
      const limit = this.out > this.maxBytes ? msg('files.unpack.bytes', { count: this.maxBytes }) : msg('files.unpack.ratio', { ratio: MAX_UNPACK_RATIO });
      return done(new UnpackLimitError(msg('files.unpack.bomb', { limit })));
    }
    done(null, chunk);
  }
  override _flush(done: TransformCallback): void {
    const head = this.head;
    this.head = undefined;
    if (head && packingOf(head) !== 'plain') return done(new UnpackLimitError(msg('files.unpack.compressedInside')));
    done(null, head?.length ? head : undefined);
  }
}

/** The stages that turn a gzip stream into its text, within the limits. */
export function gunzipStages(maxBytes = MAX_UNPACKED_BYTES): Transform[] {
  const count = new CountIn();
  return [count, createGunzip(), new UnpackLimit(count, maxBytes)];
}

/** Where an unpacked file goes in the bundle: its name without `.gz`. */
export function unpackedPath(path: string): string {
  return /\.gz$/i.test(path) ? path.replace(/\.gz$/i, '') : `${path}.unpacked`;
}
