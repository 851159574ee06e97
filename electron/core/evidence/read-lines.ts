import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { LineIndexBuilder, readPage, type LineIndex, type OpenAt } from './line-index';
import type { EvidenceReader } from './reader';
import { searchLines, type LineSearch } from './search-lines';

/** Opens an evidence file at a byte offset, for readers whose files can be read from anywhere. */
export type OpenFileAt = (path: string, byteOffset: number) => Readable;

/** Ranged reads straight from files on disk under `root` (an EvidenceStore's directory). */
export function filesUnder(root: string): OpenFileAt {
  return (path, byteOffset) => createReadStream(join(root, path), { start: byteOffset });
}

interface IndexedFile {
  index: LineIndex;
  openAt: OpenAt;
}

export interface LinePage {
  lines: string[];
  totalLines: number;
}

/**
 * Pages through a session's evidence files. The first page of a file costs one streaming pass
 * that indexes it; every later page seeks to the nearest indexed line. Files that cannot be
 * read from an offset (zip entries are deflated) are copied to a temp file in that same pass,
 * which `dispose` deletes.
 */
export class EvidenceLines {
  private readonly files = new Map<string, Promise<IndexedFile>>();
  private tempDir: Promise<string> | undefined;
  private copies = 0;
  private disposed = false;

  constructor(
    private readonly reader: EvidenceReader,
    private readonly openFileAt?: OpenFileAt,
  ) {}

  async page(path: string, fromLine: number, count: number): Promise<LinePage> {
    const file = await this.indexed(path);
    return { lines: await readPage(file.index, file.openAt, fromLine, count), totalLines: file.index.totalLines };
  }

  /** Lines of `path` holding `query` (see searchLines), with the file's length. */
  async search(path: string, query: string, limit: number, signal?: AbortSignal): Promise<LineSearch & { totalLines: number }> {
    const file = await this.indexed(path);
    return { ...(await searchLines(file.openAt(0), query, { limit, ...(signal ? { signal } : {}) })), totalLines: file.index.totalLines };
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const dir = this.tempDir;
    this.tempDir = undefined;
    this.files.clear();
    if (dir) await rm(await dir, { recursive: true, force: true });
  }

  private indexed(path: string): Promise<IndexedFile> {
    if (this.disposed) throw new Error('These evidence files are closed');
    let file = this.files.get(path);
    if (!file) {
      file = this.build(path);
      this.files.set(path, file);
      // A failed pass (a file that vanished, a corrupt entry) is tried afresh next time.
      file.catch(() => this.files.delete(path));
    }
    return file;
  }

  private async build(path: string): Promise<IndexedFile> {
    const builder = new LineIndexBuilder();
    const indexing = new Transform({
      transform(chunk: Buffer, _enc, done) {
        builder.push(chunk);
        done(null, chunk);
      },
    });
    const openFileAt = this.openFileAt;
    if (openFileAt) {
      await pipeline(this.reader.open(path), indexing, async (source: AsyncIterable<unknown>) => {
        for await (const chunk of source) void chunk;
      });
      return { index: builder.finish(), openAt: (offset) => openFileAt(path, offset) };
    }
    this.tempDir ??= mkdtemp(join(tmpdir(), 'runner-doctor-lines-'));
    const copy = join(await this.tempDir, `${++this.copies}.txt`);
    await pipeline(this.reader.open(path), indexing, createWriteStream(copy));
    return { index: builder.finish(), openAt: (offset) => createReadStream(copy, { start: offset }) };
  }
}
