import { createRequire } from 'node:module';
import { crc32 } from 'node:zlib';

let patched = false;

/**
 * yazl computes each entry's CRC-32 with buffer-crc32, in JavaScript; Node's zlib.crc32 is the
 * same function in native code and several times faster, which makes up a third of the time
 * to write a bundle of logs. Point the buffer-crc32 instance yazl loads at it. Where yazl is
 * bundled rather than loaded from node_modules this finds nothing to patch and changes nothing.
 */
export function useNativeCrc32ForYazl(): void {
  if (patched) return;
  patched = true;
  try {
    const fromHere = createRequire(import.meta.url);
    const crcModule = createRequire(fromHere.resolve('yazl'))('buffer-crc32') as { unsigned?: unknown };
    if (typeof crcModule.unsigned !== 'function') return;
    crcModule.unsigned = (buf: Buffer, previous?: number) => crc32(buf, previous ?? 0);
  } catch {
    // Not resolvable (a packaged build): yazl keeps its own implementation.
  }
}
