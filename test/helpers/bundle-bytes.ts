import { gunzipSync } from 'node:zlib';
import yazl from 'yazl';
import { ZipReader } from '../../electron/core/evidence/bundle/zip-reader';
import { ZipOutput } from '../../electron/core/evidence/bundle/zip-output';

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

/** A copy of a bundle with one entry changed, added or left out. */
export async function rewritten(source: string, target: string, change: (name: string, data: Buffer) => Buffer | undefined, extra?: [string, Buffer]): Promise<void> {
  const zip = await ZipReader.open(source);
  const out = new ZipOutput(target);
  try {
    for (const e of zip.entries()) {
      const data = change(e.name, Buffer.from(await zip.readText(e.name)));
      if (data) out.addBuffer(e.name, data);
    }
    if (extra) out.addBuffer(extra[0], extra[1]);
    await out.finish();
  } finally {
    zip.close();
  }
}

/** A zip archive holding one file, as a user might attach one. */
export async function zipOf(name: string, text: string): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(text), name);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
