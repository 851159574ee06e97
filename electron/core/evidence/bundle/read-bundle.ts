import { PassThrough, type Readable } from 'node:stream';
import { manifestSchema, BUNDLE_FORMAT, type Manifest } from '../../../../shared/bundle';
import type { EvidenceEntry, EvidenceReader } from '../reader';
import { BundleError, ZipReader } from './zip-reader';
import { msg } from '../../../../shared/messages';

export interface OpenedBundle {
  manifest: Manifest;
  zip: ZipReader;
  reader: EvidenceReader;
}

export interface ListedFile {
  path: string;
  sha256: string;
  bytes: number;
}

/** Files the manifest vouches for: the evidence and the attachments (findings, reports, audit). */
export function listedFiles(manifest: Manifest): ListedFile[] {
  const attachments = Array.isArray(manifest.attachments) ? (manifest.attachments as ListedFile[]) : [];
  return [...manifest.files, ...attachments];
}

/** Parses and checks manifest.json, whatever its format version. */
export async function parseManifest(zip: ZipReader, path: string): Promise<Manifest> {
  if (!zip.has('manifest.json')) throw new BundleError(msg('bundle.notBundle', { path }));
  let raw: unknown;
  try {
    raw = JSON.parse(await zip.readText('manifest.json'));
  } catch (err) {
    if (err instanceof BundleError) throw err;
    throw new BundleError(msg('bundle.manifestNotJson', { path }));
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BundleError(msg('bundle.manifestMalformed', { path, issue: issue ? `${issue.path.join('.')}: ${issue.message}` : msg('bundle.invalid') }));
  }
  return parsed.data;
}

/** The manifest of a bundle this version can read; another format version gets a clear error. */
export async function readManifest(zip: ZipReader, path: string): Promise<Manifest> {
  const manifest = await parseManifest(zip, path);
  if (manifest.format !== BUNDLE_FORMAT) {
    throw new BundleError(msg('bundle.formatUnsupported', { path, format: manifest.format, expected: BUNDLE_FORMAT }));
  }
  return manifest;
}

/** Opens a bundle for offline analysis: its evidence files, with kinds from the manifest. */
export async function openBundle(path: string): Promise<OpenedBundle> {
  const zip = await ZipReader.open(path);
  try {
    const manifest = await readManifest(zip, path);
    const entries: EvidenceEntry[] = manifest.files
      .filter((f) => zip.has(f.path))
      .map((f) => ({ path: f.path, kind: f.kind, source: f.source, ...(f.redactedTokens ? { redactedTokens: f.redactedTokens } : {}) }));
    const reader: EvidenceReader = {
      entries: () => entries,
      open: (name): Readable => {
        // yauzl opens entries asynchronously; hand out a stream now and fill it when ready.
        const out = new PassThrough();
        zip.openStream(name).then(
          (s) => {
            s.on('error', (err: Error) => out.destroy(err));
            s.pipe(out);
          },
          (err: Error) => out.destroy(err),
        );
        return out;
      },
    };
    return { manifest, zip, reader };
  } catch (err) {
    zip.close();
    throw err;
  }
}
