import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_FORMAT, type Manifest } from '../../../../shared/bundle';
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
 * Writes the bundle as a streaming zip: evidence files go from the (already redacted) store
 * straight into the archive, one at a time, so memory stays flat whatever their size.
 */
export async function writeBundle(
  store: EvidenceStore,
  findings: readonly Finding[],
  target: string,
  opts: { auditLog?: string; signal?: AbortSignal; language?: Language } = {},
): Promise<WrittenBundle> {
  // The audit log of fixes (audit.jsonl) holds no secrets by construction; redact it anyway.
  const audit = opts.auditLog ? redactText(store.redactor, opts.auditLog).text : undefined;
  const { manifest, extras } = bundleExtras(buildManifest(store, []), findings, audit, opts.language);
  const out = new ZipOutput(target, opts.signal);
  try {
    out.addBuffer('manifest.json', Buffer.from(JSON.stringify(manifest, null, 2) + '\n'));
    for (const [path, data] of extras) out.addBuffer(path, data);
    // Stored files are already redacted and independent: compressed several at once. Large
    // reads: fewer, bigger chunks through the CRC and deflate streams.
    for (const file of store.files()) out.addStream(file.path, () => createReadStream(join(store.root, file.path), { highWaterMark: READ_CHUNK_BYTES }), file.bytes, { independent: true });
    const written = await out.finish();
    return { ...written, manifest };
  } catch (err) {
    await out.abort();
    throw err;
  }
}
