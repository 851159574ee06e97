import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { BUNDLE_FORMAT, type Manifest } from '../../../../shared/bundle';
import type { Finding } from '../../../../shared/findings';
import { APP_NAME, APP_VERSION } from '../../app/version';
import type { EvidenceStore } from '../store';
import { renderHtmlReport } from './report-html';
import { renderMarkdownReport } from './report-md';

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

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
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
 * Writes the bundle as a streaming zip: evidence files go from the (already redacted) store
 * straight into the archive. The zip is written next to the target and renamed into place,
 * so a cancelled or failed export never leaves a half-written bundle under the user's name.
 */
export async function writeBundle(
  store: EvidenceStore,
  findings: readonly Finding[],
  target: string,
  opts: { auditLog?: string; signal?: AbortSignal } = {},
): Promise<WrittenBundle> {
  const zip = new yazl.ZipFile();
  const extras = new Map<string, Buffer>();
  extras.set('findings.json', Buffer.from(JSON.stringify({ findings }, null, 2) + '\n'));
  if (opts.auditLog) extras.set('audit.jsonl', Buffer.from(opts.auditLog));
  // Reports describe the manifest, so build it without them first, then list them in it.
  const draft = buildManifest(store, []);
  extras.set('report.md', Buffer.from(renderMarkdownReport(draft, findings)));
  extras.set('report.html', Buffer.from(renderHtmlReport(draft, findings)));
  const attachments = [...extras].map(([path, data]) => ({ path, sha256: sha256(data), bytes: data.length }));
  const manifest = { ...draft, attachments };

  zip.addBuffer(Buffer.from(JSON.stringify(manifest, null, 2) + '\n'), 'manifest.json');
  for (const [path, data] of extras) zip.addBuffer(data, path);
  for (const file of store.files()) zip.addReadStreamLazy(file.path, { size: file.bytes, compressionLevel: 1 }, (cb) => cb(null, store.open(file.path)));
  zip.end();

  const partial = `${target}.partial-${process.pid}`;
  const hash = createHash('sha256');
  let bytes = 0;
  zip.outputStream.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    bytes += chunk.length;
  });
  try {
    await pipeline(zip.outputStream, createWriteStream(partial, { mode: 0o600 }), { signal: opts.signal });
    await rename(partial, target);
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
  return { path: target, bytes, sha256: hash.digest('hex'), manifest };
}
