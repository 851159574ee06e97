import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { Readable, Transform, type TransformCallback, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CollectionError, CollectionNote, EvidenceFile, EvidenceKind } from '../../../shared/evidence';
import type { BundleSource } from '../../../shared/bundle';
import { targetId, type SourceTarget } from '../../../shared/source-ids';
import { formatError, MessageError, textParts } from '../../../shared/i18n/text';
import { mapMessageStrings, msg, type Message } from '../../../shared/messages';
import { Redactor } from './redact/redactor';
import { RedactStream, redactText } from './redact/redact-stream';
import { HeadTailLimiter } from './head-tail';
import { FanOut } from './fan-out';
import { createSessionDir } from './session-dirs';
import { READ_CHUNK_BYTES } from './reader';
import { SNIFF_BYTES, sniffKind } from './sniff';
import { gunzipStages, packingOf, peek, unpackedPath, unpackReason } from './unpack';

export type EvidenceContent = string | Buffer | Readable | AsyncIterable<Buffer | string>;

export interface AddEvidence {
  /** Path inside the bundle, below `evidence/`, e.g. `kube/prod/gitlab-runner/pods/x/runner.log`. */
  path: string;
  source: string;
  content: EvidenceContent;
  /** Known kind; otherwise sniffed from the content. */
  kind?: EvidenceKind;
  /** Per-file limit; above it the head and tail are kept with a marker. */
  maxBytes?: number;
  signal?: AbortSignal;
  /** Files added with the same order are redacted one after another, in the order added. */
  order?: RedactionOrder;
}

/**
 * Files stored at once whose redaction must still follow the order they were added in, so
 * placeholders are numbered (and secrets remembered from one file for the next) as if stored
 * one by one: each is read and scanned while the one before is redacted, then waits its turn.
 */
export class RedactionOrder {
  private last: Promise<unknown> = Promise.resolve();

  /** The turn of the next file added: begin after `after`, call `done` when redacted. */
  take(): { after: Promise<unknown>; done: () => void } {
    let done!: () => void;
    const after = this.last;
    this.last = new Promise<void>((resolve) => (done = resolve));
    return { after, done };
  }
}

export const DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024;

/** Bundle paths: forward slashes, no `..`, no absolute paths, printable names. */
export function safeEvidencePath(path: string): string {
  const parts = path
    .split(/[\\/]+/)
    .filter((p) => p && p !== '.' && p !== '..')
    .map((p) => p.replace(/[^\w.@+=-]/g, '_'));
  if (parts.length === 0) throw new Error(`Invalid evidence path: ${JSON.stringify(path)}`);
  return posix.join('evidence', ...parts);
}

function isAbort(err: Error): boolean {
  return err.name === 'AbortError';
}

/** Hashes and counts bytes as they pass, and keeps the first SNIFF_BYTES for sniffing. */
class Measure extends Transform {
  readonly hash = createHash('sha256');
  bytes = 0;
  head = '';
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.head.length < SNIFF_BYTES) this.head += chunk.subarray(0, SNIFF_BYTES - this.head.length).toString('utf8');
    done(null, chunk);
    // Hashed once passed on, so that the file and the compression start on it meanwhile, on
    // other threads: the chunk goes back to the pool only once its sinks call back, later.
    this.hash.update(chunk);
  }
}

/** Raw runner configs are handed over before redaction so tokens can be checked; never stored. */
export type RawConfigListener = (path: string, text: string) => void;

const MAX_RAW_CONFIG_BYTES = 1024 * 1024;

/** Keeps a copy of a small config.toml's raw text as it passes, for the raw-config listeners. */
class RawConfigTap extends Transform {
  private chunks: Buffer[] = [];
  private size = 0;
  constructor(private readonly deliver: (text: string) => void) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (this.size <= MAX_RAW_CONFIG_BYTES) {
      this.size += chunk.length;
      // A copy: redaction gives the chunk back to the chunk pool once it has read it.
      this.chunks = this.size <= MAX_RAW_CONFIG_BYTES ? [...this.chunks, Buffer.from(chunk)] : [];
    }
    done(null, chunk);
  }
  override _flush(done: TransformCallback): void {
    if (this.size <= MAX_RAW_CONFIG_BYTES) {
      const text = Buffer.concat(this.chunks).toString('utf8');
      if (/^\s*\[\[runners\]\]/m.test(text)) this.deliver(text);
    }
    this.chunks = [];
    done();
  }
}

/**
 * The evidence of one diagnosis session, on disk, already redacted. Nothing enters the store
 * unredacted, so everything downstream (analysis excerpts, bundles, the renderer) is safe.
 */
export class EvidenceStore {
  private readonly fileIndex = new Map<string, EvidenceFile>();
  private readonly errorList: CollectionError[] = [];
  private readonly noteList: CollectionNote[] = [];
  private readonly sourceList = new Map<string, BundleSource>();
  private readonly rawConfigListeners: RawConfigListener[] = [];
  private readonly storedListeners: ((file: EvidenceFile) => void)[] = [];
  private readonly storingListeners: ((path: string) => Writable)[] = [];

  private constructor(
    readonly root: string,
    readonly redactor: Redactor,
  ) {}

  static async create(redactor = new Redactor()): Promise<EvidenceStore> {
    return new EvidenceStore(await createSessionDir(), redactor);
  }

  /** Hears every runner config.toml added from now on, unredacted, in memory only. */
  onRawConfig(listener: RawConfigListener): void {
    this.rawConfigListeners.push(listener);
  }

  /**
   * Gets a copy of each file's bytes as they are stored, redacted, into the stream the listener
   * returns for its path (a bundle compresses them as they pass, instead of reading the file
   * again). The file is stored at the pace that stream takes them, and the stream calls back
   * each write only once it has read the chunk (fan-out.ts); if storing fails, the stream is
   * destroyed.
   */
  onStoring(listener: (path: string) => Writable): void {
    this.storingListeners.push(listener);
  }

  /** Hears each file as soon as it is stored, complete. */
  onStored(listener: (file: EvidenceFile) => void): void {
    this.storedListeners.push(listener);
  }

  /** A source, its description in English or as a message (then kept in both, for reports in other languages). */
  addSource(source: Omit<BundleSource, 'description' | 'text'> & { description: string | Message }): void {
    const { message, text } = textParts(source.description);
    this.sourceList.set(source.id, { ...source, description: message, ...(text ? { text } : {}) });
  }

  /**
   * Redacts and stores one file. A gzip file is unpacked and stored as its text (manifest:
   * `unpackedFrom`); any other archive is refused with an error that names it: redaction
   * cannot read inside it, so it is never copied through.
   */
  async add(item: AddEvidence): Promise<EvidenceFile> {
    // Taken before anything is awaited: turns follow the order of the calls.
    const turn = item.order?.take();
    try {
      return await this.store(item, turn);
    } finally {
      turn?.done();
    }
  }

  private async store(item: AddEvidence, turn: { after: Promise<unknown>; done: () => void } | undefined): Promise<EvidenceFile> {
    const raw = typeof item.content === 'string' || Buffer.isBuffer(item.content)
      ? Readable.from([item.content])
      : item.content instanceof Readable ? item.content : Readable.from(item.content);
    const { head, stream: input } = await peek(raw);
    const packing = packingOf(head);
    if (typeof packing === 'object') {
      input.destroy();
      throw new MessageError(msg('files.archiveRefused', { path: item.path, kind: packing.refused }));
    }
    const unpacking = packing === 'gzip';
    let path = safeEvidencePath(unpacking ? unpackedPath(item.path) : item.path);
    if (unpacking && this.fileIndex.has(path)) path = safeEvidencePath(`${item.path}.txt`);
    const target = join(this.root, path);
    await mkdir(dirname(target), { recursive: true });
    const limiter = new HeadTailLimiter(item.maxBytes ?? DEFAULT_MAX_FILE_BYTES);
    const redact = new RedactStream(this.redactor, { workers: true, ...(turn ? { after: turn.after } : {}) });
    if (turn) void redact.redacted.then(turn.done);
    const measure = new Measure();
    // Redact first: a cut in the middle of a PEM block or a Secret must not hide its start.
    const stages: Transform[] = unpacking ? gunzipStages() : [];
    if (this.rawConfigListeners.length && (item.kind === 'config-toml' || path.endsWith('.toml'))) {
      stages.push(new RawConfigTap((text) => this.rawConfigListeners.forEach((l) => l(path, text))));
    }
    stages.push(redact, limiter, measure);
    const sinks = [createWriteStream(target), ...this.storingListeners.map((listener) => listener(path))];
    try {
      await pipeline([input, ...stages, new FanOut(sinks)], { signal: item.signal });
    } catch (err) {
      await rm(target, { force: true });
      throw unpacking && err instanceof Error && !isAbort(err) ? new MessageError(msg('files.unpackFailed', { path: item.path, reason: unpackReason(err) })) : err;
    }
    const tokens = redact.tokens.records({ truncated: limiter.truncated });
    const file: EvidenceFile = {
      path,
      kind: item.kind ?? sniffKind(measure.head),
      source: item.source,
      sha256: measure.hash.digest('hex'),
      bytes: measure.bytes,
      collectedAt: new Date().toISOString(),
      redactions: redact.count,
      ...(limiter.truncated ? { truncated: true } : {}),
      ...(unpacking ? { unpackedFrom: safeEvidencePath(item.path) } : {}),
      ...(tokens.length ? { redactedTokens: tokens } : {}),
    };
    this.fileIndex.set(path, file);
    for (const listener of this.storedListeners) listener(file);
    return file;
  }

  /**
   * Records what could not be collected, in English and, given as a message, with its id and
   * parameters beside it; both are redacted (errors can echo tokens). `english` replaces the
   * message's own English where that is a library's or the system's sentence.
   */
  addError(source: string, message: string | Message, english?: string): void {
    this.errorList.push(this.worded(source, message, english));
  }

  /** Records a remark that is no gap in the evidence (docker absent on a podman host), worded and redacted like an error. */
  addNote(source: string, message: string | Message): void {
    this.noteList.push(this.worded(source, message));
  }

  private worded(source: string, message: string | Message, english?: string): CollectionError {
    const redact = (text: string) => redactText(this.redactor, text).text;
    if (typeof message === 'string') return { source, message: redact(message) };
    return { source, message: redact(english ?? formatError(message)), text: mapMessageStrings(message, redact) };
  }

  /**
   * Drops what one target (and its parts: a namespace's pods) brought, files, errors and notes, before
   * it is collected again; other targets' evidence stays as it is.
   */
  async forgetTarget(target: SourceTarget): Promise<void> {
    const id = targetId(target);
    // A part's id is the target's id, a slash and its name (source-ids.ts).
    const ours = (source: string) => source === id || source.startsWith(`${id}/`);
    for (const file of [...this.fileIndex.values()].filter((f) => ours(f.source))) {
      this.fileIndex.delete(file.path);
      await rm(join(this.root, file.path), { force: true });
    }
    for (const list of [this.errorList, this.noteList]) list.splice(0, list.length, ...list.filter((e) => !ours(e.source)));
  }

  files(): EvidenceFile[] {
    return [...this.fileIndex.values()].sort((a, b) => a.path.localeCompare(b.path));
  }

  errors(): CollectionError[] {
    return [...this.errorList];
  }

  notes(): CollectionNote[] {
    return [...this.noteList];
  }

  sources(): BundleSource[] {
    return [...this.sourceList.values()];
  }

  has(path: string): boolean {
    return this.fileIndex.has(path);
  }

  /** The stored (redacted) file on disk, and its size. */
  localFile(path: string): { path: string; bytes: number } {
    const file = this.fileIndex.get(path);
    if (!file) throw new Error(`No evidence file ${path}`);
    return { path: join(this.root, path), bytes: file.bytes };
  }

  open(path: string): Readable {
    if (!this.fileIndex.has(path)) throw new Error(`No evidence file ${path}`);
    return createReadStream(join(this.root, path), { highWaterMark: READ_CHUNK_BYTES });
  }

  async dispose(): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
  }
}
