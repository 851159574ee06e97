import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { MessageError } from '../../../../shared/i18n/text';
import { msg } from '../../../../shared/messages';
import { zipReason } from './zip-reasons';

/** A bundle that cannot be read as one; its text is a message, English in `message`. */
export class BundleError extends MessageError {
  override name = 'BundleError';
}


export interface ZipEntryInfo {
  name: string;
  uncompressedSize: number;
  isDirectory: boolean;
}

/**
 * Random access to a zip's entries without extracting it. Entries are read through yauzl's
 * validated central directory; a corrupt or truncated archive fails with a BundleError.
 */
export class ZipReader {
  private constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly byName: Map<string, yauzl.Entry>,
    /** Names that occur more than once (a zip can hold two entries of one name). */
    readonly duplicates: readonly string[],
  ) {}

  static async open(path: string): Promise<ZipReader> {
    // A zip is read from its end: a pipe or a device would hang the reader or never end.
    const info = await stat(path).catch(() => undefined);
    if (info && !info.isFile()) throw new BundleError(msg('bundle.notRegularFile', { path }));
    const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.open(path, { lazyEntries: true, autoClose: false, strictFileNames: true, validateEntrySizes: true }, (err, z) =>
        err || !z ? reject(new BundleError(msg('bundle.notZip', { path, reason: zipReason(err) }))) : resolve(z),
      ),
    );
    const byName = new Map<string, yauzl.Entry>();
    const duplicates: string[] = [];
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        if (byName.has(entry.fileName)) duplicates.push(entry.fileName);
        byName.set(entry.fileName, entry);
        zip.readEntry();
      });
      zip.on('end', () => resolve());
      zip.on('error', (err: Error) => reject(new BundleError(msg('bundle.damaged', { path, reason: zipReason(err) }))));
      zip.readEntry();
    }).catch((err: unknown) => {
      zip.close();
      throw err;
    });
    return new ZipReader(zip, byName, duplicates);
  }

  entries(): ZipEntryInfo[] {
    return [...this.byName.values()].map((e) => ({
      name: e.fileName,
      uncompressedSize: e.uncompressedSize,
      isDirectory: e.fileName.endsWith('/'),
    }));
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  async openStream(name: string): Promise<Readable> {
    const entry = this.byName.get(name);
    if (!entry) throw new BundleError(msg('bundle.noEntry', { name }));
    const stream = await new Promise<Readable>((resolve, reject) =>
      this.zip.openReadStream(entry, (err, s) =>
        err || !s ? reject(new BundleError(msg('bundle.cannotRead', { name, reason: zipReason(err) }))) : resolve(s),
      ),
    );
    return stream;
  }

  async readText(name: string, maxBytes = 64 * 1024 * 1024): Promise<string> {
    const stream = await this.openStream(name);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) throw new BundleError(msg('bundle.tooLarge', { name, max: maxBytes }));
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  close(): void {
    this.zip.close();
  }
}
