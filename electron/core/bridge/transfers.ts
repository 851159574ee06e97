import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** A bundle is a zip of redacted text; this is far above any real one and stops a runaway upload. */
export const MAX_UPLOAD_BYTES = 4 * 1024 ** 3;

export class UploadTooLarge extends Error {}

/**
 * Files crossing the browser bridge: bundles the page uploads to open, and bundles it downloads
 * after "Save bundle…". They live in a private temp directory, are named by random ids, and a
 * download is served once and then deleted: nothing is written where the user did not choose.
 */
export class Transfers {
  private readonly uploads = new Map<string, string>();
  private readonly downloads = new Map<string, { file: string; name: string }>();

  private constructor(readonly dir: string) {}

  static async create(): Promise<Transfers> {
    return new Transfers(await mkdtemp(path.join(tmpdir(), 'runner-doctor-transfers-')));
  }

  /** Streams an upload to disk; resolves to its id for bundle.open. */
  async receive(body: Readable, limit = MAX_UPLOAD_BYTES): Promise<string> {
    const id = randomBytes(16).toString('hex');
    const file = path.join(this.dir, `upload-${id}.zip`);
    let seen = 0;
    body.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > limit) body.destroy(new UploadTooLarge(`The file is larger than ${limit} bytes`));
    });
    try {
      await pipeline(body, createWriteStream(file, { mode: 0o600 }));
    } catch (err) {
      await rm(file, { force: true });
      throw err;
    }
    this.uploads.set(id, file);
    return id;
  }

  uploadedPath(id: string): string | undefined {
    return this.uploads.get(id);
  }

  /** Where to write a bundle that will be offered as a download. */
  stagingPath(name: string): string {
    return path.join(this.dir, `download-${randomBytes(8).toString('hex')}-${path.basename(name)}`);
  }

  /** Registers a written file for one download; returns the URL path that serves it. */
  offer(file: string, name: string): string {
    const id = randomBytes(16).toString('hex');
    this.downloads.set(id, { file, name: path.basename(name) });
    return `/download/${id}`;
  }

  /** The file behind a download id, once: a second request finds nothing. */
  take(id: string): { file: string; name: string } | undefined {
    const entry = this.downloads.get(id);
    this.downloads.delete(id);
    return entry;
  }

  async dispose(): Promise<void> {
    this.uploads.clear();
    this.downloads.clear();
    await rm(this.dir, { recursive: true, force: true });
  }
}
