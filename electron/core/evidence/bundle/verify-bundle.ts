import { createHash } from 'node:crypto';
import { BUNDLE_FORMAT } from '../../../../shared/bundle';
import { listedFiles, parseManifest } from './read-bundle';
import { ZipReader } from './zip-reader';

export interface VerifyResult {
  ok: boolean;
  format: string;
  checked: number;
  problems: string[];
}

/**
 * Checks a bundle against its manifest: the format version, every listed file's sha256 and
 * size, nothing listed missing, nothing unlisted present, no name twice. A zip that cannot be
 * read at all throws a BundleError.
 */
export async function verifyBundle(path: string): Promise<VerifyResult> {
  const zip = await ZipReader.open(path);
  try {
    const manifest = await parseManifest(zip, path);
    const problems: string[] = [];
    if (manifest.format !== BUNDLE_FORMAT) problems.push(`format: ${manifest.format} is not supported (expected ${BUNDLE_FORMAT})`);
    for (const name of new Set(zip.duplicates)) problems.push(`duplicate: ${name} occurs more than once in the zip`);
    const listed = listedFiles(manifest);
    const names = new Set(zip.entries().filter((e) => !e.isDirectory).map((e) => e.name));
    for (const file of listed) {
      if (!names.has(file.path)) {
        problems.push(`missing: ${file.path} is listed in the manifest but not in the bundle`);
        continue;
      }
      const hash = createHash('sha256');
      let bytes = 0;
      try {
        for await (const chunk of await zip.openStream(file.path)) {
          hash.update(chunk as Buffer);
          bytes += (chunk as Buffer).length;
        }
      } catch (err) {
        problems.push(`damaged: ${file.path} cannot be read (${err instanceof Error ? err.message : String(err)})`);
        continue;
      }
      if (bytes !== file.bytes) problems.push(`size: ${file.path} has ${bytes} bytes, the manifest says ${file.bytes}`);
      if (hash.digest('hex') !== file.sha256) problems.push(`sha256: ${file.path} does not match the manifest`);
    }
    const known = new Set(['manifest.json', ...listed.map((f) => f.path)]);
    for (const name of names) if (!known.has(name)) problems.push(`unlisted: ${name} is in the bundle but not in the manifest`);
    return { ok: problems.length === 0, format: manifest.format, checked: listed.length, problems };
  } finally {
    zip.close();
  }
}
