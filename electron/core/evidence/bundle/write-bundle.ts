import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { BUNDLE_FORMAT, type Manifest } from '../../../../shared/bundle';
import type { EvidenceFile } from '../../../../shared/evidence';
import type { Finding } from '../../../../shared/findings';
import type { Language } from '../../../../shared/i18n/languages';
import { APP_NAME, APP_VERSION } from '../../app/version';
import type { EvidenceStore } from '../store';
import { redactText } from '../redact/redact-stream';
import { READ_CHUNK_BYTES } from '../reader';
import { sha256 } from './hashing';
import { renderHtmlReport } from './report-html';
import { renderMarkdownReport } from './report-md';
import { ZipOutput } from './zip-output';


export interface Attachment {
  path: string;
  sha256: string;
  bytes: number;
}

export interface WrittenBundle {
  path: string;
  bytes: number;
  sha256: string;
  manifest: Manifest;
}

export function buildManifest(store: EvidenceStore, attachments: Attachment[]): Manifest & { attachments: Attachment[] } {
  return {
    format: BUNDLE_FORMAT,
    createdAt: new Date().toISOString(),
    app: { name: APP_NAME, version: APP_VERSION },
    sources: store.sources(),
    files: store.files(),
    errors: store.errors(),
    notes: store.notes(),
    redactionSummary: store.redactor.summary(),
    attachments,
  };
}

/**
 * findings.json, report.md, report.html (and audit.jsonl when a bundle carries one) for a manifest, with the manifest
 * listing them. Reports describe the manifest, so they are rendered from it first.
 */
export function bundleExtras(
  draft: Manifest,
  findings: readonly Finding[],
  auditLog?: string,
  language: Language = 'en',
): { manifest: Manifest & { attachments: Attachment[] }; extras: Map<string, Buffer> } {
  const extras = new Map<string, Buffer>();
  extras.set('findings.json', Buffer.from(JSON.stringify({ findings }, null, 2) + '\n'));
  if (auditLog) extras.set('audit.jsonl', Buffer.from(auditLog));
  extras.set('report.md', Buffer.from(renderMarkdownReport(draft, findings, language)));
  extras.set('report.html', Buffer.from(renderHtmlReport(draft, findings, language)));
  const attachments = [...extras].map(([path, data]) => ({ path, sha256: sha256(data), bytes: data.length }));
  return { manifest: { ...draft, language, attachments }, extras };
}

/**
 * A bundle written as a streaming zip: evidence files go from the (already redacted) store
 * into the archive, so memory stays flat whatever their size. Files stored while the writer
 * follows the store are compressed as they are stored and go into the archive as soon as they
 * are, while the rest is still collected and analysed; `finish` adds the files not in it yet,
 * then the manifest, the findings and the reports, once the findings are known.
 */
export class BundleWriter {
  private out: ZipOutput;
  /**
   * Files in the archive already, as the store recorded them when they were added: one whose
   * record is no longer the store's (stored again, or forgotten) makes the archive begin anew.
   */
  private readonly added = new Map<string, EvidenceFile>();

  constructor(
    private readonly store: EvidenceStore,
    private readonly target: string,
    private readonly signal?: AbortSignal,
  ) {
    this.out = new ZipOutput(target, signal);
  }

  /** Compresses each file the store stores from now on as it is stored, and adds it to the archive. */
  follow(): void {
    this.store.onStoring((path) => this.out.compressFrom(path));
    this.store.onStored((file) => {
      // Stored again: not added twice; finish sees its record changed.
      if (this.added.has(file.path)) return;
      this.added.set(file.path, file);
      this.addFile(file);
    });
  }

  async finish(findings: readonly Finding[], opts: { auditLog?: string; language?: Language } = {}): Promise<WrittenBundle> {
    try {
      // The audit log of fixes (audit.jsonl) holds no secrets by construction; redact it anyway.
      const audit = opts.auditLog ? redactText(this.store.redactor, opts.auditLog).text : undefined;
      const { manifest, extras } = bundleExtras(buildManifest(this.store, []), findings, audit, opts.language);
      const current = new Map(manifest.files.map((file) => [file.path, file]));
      if ([...this.added].some(([path, file]) => current.get(path) !== file)) await this.startAgain();
      // Stored files are already redacted and independent: compressed several at once.
      for (const file of manifest.files) if (!this.added.has(file.path)) this.addFile(file);
      this.out.addBuffer('manifest.json', Buffer.from(JSON.stringify(manifest, null, 2) + '\n'));
      for (const [path, data] of extras) this.out.addBuffer(path, data);
      const written = await this.out.finish();
      return { ...written, manifest };
    } catch (err) {
      await this.out.abort();
      throw err;
    }
  }

  /** Ends without a bundle: the partial file and temporary files go. */
  abort(): Promise<void> {
    return this.out.abort();
  }

  /** Adds a stored file; one compressed as it was stored is used as it is, any other is compressed from the store. */
  private addFile(file: EvidenceFile): void {
    this.out.addStream(file.path, () => this.open(file), file.bytes, { independent: true });
  }

  /** An archive holding a file that changed since cannot drop it: it is begun again, with nothing in it. */
  private async startAgain(): Promise<void> {
    await this.out.abort();
    this.out = new ZipOutput(this.target, this.signal);
    this.added.clear();
  }

  private open(file: EvidenceFile): Readable {
    // Large reads: fewer, bigger chunks through the CRC and deflate streams.
    return createReadStream(join(this.store.root, file.path), { highWaterMark: READ_CHUNK_BYTES });
  }
}

/** Writes the bundle of a store whose collection and analysis are done. */
export async function writeBundle(
  store: EvidenceStore,
  findings: readonly Finding[],
  target: string,
  opts: { auditLog?: string; signal?: AbortSignal; language?: Language } = {},
): Promise<WrittenBundle> {
  return new BundleWriter(store, target, opts.signal).finish(findings, opts);
}
