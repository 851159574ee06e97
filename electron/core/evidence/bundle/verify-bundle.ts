import { createHash } from 'node:crypto';
import { readManifest } from './read-bundle';
import { ZipReader } from './zip-reader';

export interface VerifyResult {
  ok: boolean;
  format: string;
  checked: number;
  problems: string[];
}

interface Listed {
  path: string;
  sha256: string;
  bytes: number;
}

/** Checks every listed file's sha256 and size, and that the zip holds nothing unlisted. */
export async function verifyBundle(path: string): Promise<VerifyResult> {
  const zip = await ZipReader.open(path);
  try {
    const manifest = await readManifest(zip, path);
    const attachments = Array.isArray(manifest.attachments) ? (manifest.attachments as Listed[]) : [];
    const listed: Listed[] = [...manifest.files, ...attachments];
    const problems: string[] = [];
    const names = new Set(zip.entries().filter((e) => !e.isDirectory).map((e) => e.name));
    for (const file of listed) {
      if (!names.has(file.path)) {
        problems.push(`missing: ${file.path} is listed in the manifest but not in the bundle`);
        continue;
      }
      const hash = createHash('sha256');
      let bytes = 0;
      for await (const chunk of await zip.openStream(file.path)) {
        hash.update(chunk as Buffer);
        bytes += (chunk as Buffer).length;
      }
      const digest = hash.digest('hex');
      if (bytes !== file.bytes) problems.push(`size: ${file.path} has ${bytes} bytes, the manifest says ${file.bytes}`);
      if (digest !== file.sha256) problems.push(`sha256: ${file.path} does not match the manifest`);
    }
    const known = new Set(['manifest.json', ...listed.map((f) => f.path)]);
    for (const name of names) if (!known.has(name)) problems.push(`unlisted: ${name} is in the bundle but not in the manifest`);
    return { ok: problems.length === 0, format: manifest.format, checked: listed.length, problems };
  } finally {
    zip.close();
  }
}
