import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import type { EvidenceEntry, EvidenceReader } from './reader';
import { SNIFF_BYTES, sniffKind } from './sniff';

async function readHead(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buf, 0, SNIFF_BYTES, 0);
    return buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

async function walk(dir: string, out: string[]): Promise<void> {
  const items = await readdir(dir, { withFileTypes: true });
  items.sort((a, b) => a.name.localeCompare(b.name));
  for (const item of items) {
    const full = join(dir, item.name);
    if (item.isDirectory()) await walk(full, out);
    else if (item.isFile()) out.push(full);
  }
}

/**
 * Files and folders the user already has (a customer's attachments), recognised by content.
 * Paths in findings are relative to the folder given, or the file's name for a single file.
 */
export async function folderReader(paths: readonly string[], source = 'files'): Promise<EvidenceReader> {
  const entries: EvidenceEntry[] = [];
  const located = new Map<string, string>();
  for (const p of paths) {
    const info = await stat(p);
    const files: string[] = [];
    if (info.isDirectory()) await walk(p, files);
    else files.push(p);
    for (const file of files) {
      const shown = info.isDirectory() ? relative(p, file).split(sep).join('/') : basename(file);
      const unique = located.has(shown) ? `${located.size}-${shown}` : shown;
      located.set(unique, file);
      entries.push({ path: unique, kind: sniffKind(await readHead(file)), source });
    }
  }
  return { entries: () => entries, open: (path) => createReadStream(located.get(path) ?? path) };
}
