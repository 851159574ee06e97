import { gunzipSync } from 'node:zlib';
import { ZipReader } from '../../electron/core/evidence/bundle/zip-reader';

/**
 * Every byte a bundle carries, members inflated (and any gzip inside them unpacked), each
 * with its name: what a search for a leaked secret must look through.
 */
export async function bundleMembers(path: string): Promise<Map<string, Buffer>> {
  const zip = await ZipReader.open(path);
  const out = new Map<string, Buffer>();
  try {
    for (const entry of zip.entries()) {
      const chunks: Buffer[] = [];
      for await (const c of await zip.openStream(entry.name)) chunks.push(c as Buffer);
      let data = Buffer.concat(chunks);
      if (data[0] === 0x1f && data[1] === 0x8b) data = Buffer.concat([data, gunzipSync(data)]);
      out.set(entry.name, data);
    }
  } finally {
    zip.close();
  }
  return out;
}

/** The names of the members that hold `secret` in any form a reader could recover. */
export function membersHolding(members: Map<string, Buffer>, secret: string): string[] {
  const forms = [secret, Buffer.from(secret).toString('base64').replace(/=+$/, '')].map((f) => Buffer.from(f));
  return [...members].filter(([, data]) => forms.some((f) => data.includes(f))).map(([name]) => name);
}
