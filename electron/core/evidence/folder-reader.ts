import { createReadStream, type Stats } from 'node:fs';
import { lstat, open, readdir, realpath, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { EvidenceEntry, EvidenceReader } from './reader';
import { PooledFileStream } from './pooled-file-stream';
import { SNIFF_BYTES, sniffKind } from './sniff';
import { DEFAULT_MAX_FILE_BYTES } from './store';
import { gunzipStages } from './unpack';
import { openForReading } from '../util/open-pipe';
import { unreadableReason } from './unreadable';
import { msg, type Message } from '../../../shared/messages';
import { formatError } from '../../../shared/i18n/text';

/** A file or link in a folder that was not read, and why: listed, never dropped silently. */
export interface SkippedPath {
  path: string;
  /** In English (the system's own sentence where it comes from the system)… */
  reason: string;
  /** …and as a message id, for the reader's language. */
  text: Message;
}

function skippedAs(path: string, text: Message): SkippedPath {
  return { path, reason: formatError(text), text };
}

export interface FolderReader extends EvidenceReader {
  skipped: readonly SkippedPath[];
}

export interface FolderReaderOptions {
  /** Per-file limit for pipes and devices, which are read into memory. */
  maxBytes?: number;
  /** Give `.gz` files unpacked (analysis of raw files); the evidence store unpacks by itself. */
  unpack?: boolean;
  /** Cancels waiting for a pipe's writer. */
  signal?: AbortSignal;
  /** How long a pipe given by name may wait for a writer (default PIPE_WRITER_WAIT_MS). */
  pipeWaitMs?: number;
}

async function readHead(file: string): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buf, 0, SNIFF_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function isGzip(head: Buffer): boolean {
  return head[0] === 0x1f && head[1] === 0x8b;
}

/** What a non-regular file is, for the line that says it was not read. */
function describeSpecial(info: Stats): Message {
  if (info.isFIFO()) return msg('files.skip.pipe');
  if (info.isSocket()) return msg('files.skip.socket');
  if (info.isCharacterDevice() || info.isBlockDevice()) return msg('files.skip.device');
  return msg('files.skip.special');
}

interface Walked {
  files: string[];
  skipped: SkippedPath[];
}

/**
 * Lists the regular files under `root`. Symlinks are followed only to a file inside the
 * folder the user gave (never out of it); everything else not read is listed in `skipped`.
 */
async function walk(root: string, realRoot: string, dir: string, out: Walked): Promise<void> {
  let items;
  try {
    items = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    out.skipped.push({ path: relative(root, dir) || '.', ...unreadableReason(err) });
    return;
  }
  items.sort((a, b) => a.name.localeCompare(b.name));
  for (const item of items) {
    const full = join(dir, item.name);
    const shown = relative(root, full).split(sep).join('/');
    if (item.isDirectory()) await walk(root, realRoot, full, out);
    else if (item.isFile()) out.files.push(full);
    else if (item.isSymbolicLink()) {
      const target = await realpath(full).catch(() => undefined);
      const info = target ? await stat(target).catch(() => undefined) : undefined;
      if (!target || !info) out.skipped.push(skippedAs(shown, msg('files.skip.danglingLink')));
      else if (!target.startsWith(realRoot + sep)) out.skipped.push(skippedAs(shown, msg('files.skip.linkOutside')));
      else if (!info.isFile()) out.skipped.push(skippedAs(shown, msg('files.skip.linkToFolder')));
      else out.files.push(full);
    } else {
      out.skipped.push(skippedAs(shown, describeSpecial(await lstat(full))));
    }
  }
}

/**
 * A pipe or device given by name (`analyze <(kubectl logs …)`, `/dev/stdin`) can be read once
 * and may never end: it is read up to the per-file limit into memory, like a file cut to size.
 */
async function readSpecial(path: string, maxBytes: number, opts: FolderReaderOptions): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  const handle = await openForReading(path, { ...(opts.signal ? { signal: opts.signal } : {}), ...(opts.pipeWaitMs ? { timeoutMs: opts.pipeWaitMs } : {}) });
  const stream = createReadStream(path, { fd: handle, highWaterMark: 1024 * 1024 });
  try {
    for await (const chunk of stream) {
      const buf = chunk as Buffer;
      const room = maxBytes - size;
      chunks.push(buf.length > room ? buf.subarray(0, room) : buf);
      size += Math.min(buf.length, room);
      if (size >= maxBytes) {
        chunks.push(Buffer.from(`\n[runner-doctor: stopped reading after ${maxBytes} bytes]\n`));
        break;
      }
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks);
}

/**
 * Files and folders the user already has (a customer's attachments), recognised by content.
 * Paths in findings are relative to the folder given, or the file's name for a single file.
 * A file that cannot be read is listed in `skipped` and the others are read; a `.gz` file is
 * read unpacked.
 */
export async function folderReader(paths: readonly string[], source = 'files', opts: FolderReaderOptions = {}): Promise<FolderReader> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  const entries: EvidenceEntry[] = [];
  const located = new Map<string, string>();
  const gzipped = new Set<string>();
  const inMemory = new Map<string, Buffer>();
  const skipped: SkippedPath[] = [];
  const add = (shown: string) => (located.has(shown) ? `${located.size}-${shown}` : shown);
  for (const p of paths) {
    const info = await stat(p);
    if (!info.isDirectory() && !info.isFile()) {
      const unique = add(basename(p));
      const data = await readSpecial(p, maxBytes, opts);
      located.set(unique, p);
      inMemory.set(unique, data);
      entries.push({ path: unique, kind: sniffKind(data.subarray(0, SNIFF_BYTES).toString('utf8')), source });
      continue;
    }
    const walked: Walked = { files: [], skipped: [] };
    if (info.isDirectory()) await walk(p, await realpath(p), p, walked);
    else walked.files.push(p);
    skipped.push(...walked.skipped);
    const heads = inOrderAhead(walked.files, HEADS_AT_ONCE, headText);
    for (const file of walked.files) {
      const shown = info.isDirectory() ? relative(p, file).split(sep).join('/') : basename(file);
      const head = await heads.take();
      if ('err' in head) {
        skipped.push({ path: shown, ...unreadableReason(head.err) });
        continue;
      }
      const unique = add(shown);
      located.set(unique, file);
      if (head.gzip) gzipped.add(unique);
      entries.push({ path: unique, kind: sniffKind(head.text), source });
    }
  }
  const openPath = (path: string): Readable => {
    const data = inMemory.get(path);
    if (data) return Readable.from([data]);
    const file = new PooledFileStream(located.get(path) ?? path);
    if (!opts.unpack || !gzipped.has(path)) return file;
    return pipeline([file, ...gunzipStages()], () => undefined) as unknown as Readable;
  };
  return { entries: () => entries, open: openPath, skipped };
}

/** Heads read at once: each is a few file system calls' wait, and a folder may hold hundreds of files. */
const HEADS_AT_ONCE = 8;

/** The start of a file's text, unpacked if it is gzip, or why it cannot be read. */
async function headText(file: string): Promise<{ text: string; gzip: boolean } | { err: unknown }> {
  try {
    const head = await readHead(file);
    return isGzip(head) ? { text: await gunzipHead(file), gzip: true } : { text: head.toString('utf8'), gzip: false };
  } catch (err) {
    return { err };
  }
}

/**
 * `work` of each item, taken in order with `take()`, with at most `ahead` of them under way or
 * done but not yet taken (their results are held until then).
 */
function inOrderAhead<T, R>(items: readonly T[], ahead: number, work: (item: T) => Promise<R>): { take: () => Promise<R> } {
  const queue: Promise<R>[] = [];
  let next = 0;
  return {
    take: () => {
      while (queue.length < ahead && next < items.length) queue.push(work(items[next++]!));
      return queue.shift()!;
    },
  };
}

/** The start of a gzip file's text, for sniffing its kind. */
async function gunzipHead(file: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  const stream = createReadStream(file).pipe(createGunzip());
  try {
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size >= SNIFF_BYTES) break;
    }
  } catch {
    // A damaged gzip is sniffed as what it starts with; reading it reports the damage.
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks).subarray(0, SNIFF_BYTES).toString('utf8');
}
