import { createHash } from 'node:crypto';
import { BUNDLE_FORMAT } from '../../../../shared/bundle';
import { listedFiles, parseManifest } from './read-bundle';
import { ZipReader } from './zip-reader';
import { zipReason } from './zip-reasons';
import { formatError } from '../../../../shared/i18n/text';
import { errorText, msg, type Message, type MessageParam } from '../../../../shared/messages';

export interface VerifyResult {
  ok: boolean;
  format: string;
  checked: number;
  problems: string[];
  /** Each problem as a message id and parameters, in the order of `problems` (which is their English). */
  problemTexts: Message[];
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
    const problemTexts: Message[] = [];
    const problem = (key: string, params: Record<string, MessageParam>) => problemTexts.push(msg(`verify.${key}`, params));
    if (manifest.format !== BUNDLE_FORMAT) problem('format', { format: manifest.format, expected: BUNDLE_FORMAT });
    for (const name of new Set(zip.duplicates)) problem('duplicate', { name });
    const listed = listedFiles(manifest);
    const names = new Set(zip.entries().filter((e) => !e.isDirectory).map((e) => e.name));
    for (const file of listed) {
      if (!names.has(file.path)) {
        problem('missing', { path: file.path });
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
        problem('damaged', { path: file.path, reason: errorText(err) ?? zipReason(err instanceof Error ? err : new Error(String(err))) });
        continue;
      }
      if (bytes !== file.bytes) problem('size', { path: file.path, bytes, listed: file.bytes });
      if (hash.digest('hex') !== file.sha256) problem('sha256', { path: file.path });
    }
    const known = new Set(['manifest.json', ...listed.map((f) => f.path)]);
    for (const name of names) if (!known.has(name)) problem('unlisted', { name });
    const problems = problemTexts.map((m) => formatError(m));
    return { ok: problems.length === 0, format: manifest.format, checked: listed.length, problems, problemTexts };
  } finally {
    zip.close();
  }
}
