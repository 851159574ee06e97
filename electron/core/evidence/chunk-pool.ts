import { freeNow } from '../util/free-now';

/**
 * Buffers of about a read's size, used over and over by the store's pipeline instead of a new
 * one per chunk. Every chunk V8 sees allocated counts towards the external memory that sets off
 * its full collections: a store that allocates two fresh megabytes per megabyte it reads ran
 * about 26 of them over 256 MiB of logs, and glibc kept tens of megabytes of the freed chunks.
 *
 * A chunk is handed out as a Buffer object of its own. Only that object is given back, by the
 * one stage that knows every reader is done with it (`releaseChunk`); a stage that keeps a
 * chunk after passing it on passes a copy or a part of it (`subarray`, a different object),
 * which is never given back and is collected as garbage like any other buffer.
 */

/** Buffers kept free at most, in bytes: room for the chunks a few stores have in flight. */
const MAX_FREE_BYTES = 32 * 1024 * 1024;
/** Below this a chunk is not worth keeping: it is allocated and collected as usual. */
const MIN_POOLED_BYTES = 64 * 1024;

const owner = new WeakMap<Uint8Array, ArrayBuffer>();
/** Free buffers by size (powers of two). */
const free = new Map<number, ArrayBuffer[]>();
let freeBytes = 0;

function sizeClass(bytes: number): number {
  return 2 ** Math.ceil(Math.log2(Math.max(bytes, MIN_POOLED_BYTES)));
}

/** A chunk of `bytes` bytes (contents undefined), to be given back with releaseChunk. */
export function takeChunk(bytes: number): Buffer {
  if (bytes < MIN_POOLED_BYTES) return Buffer.allocUnsafe(bytes);
  const size = sizeClass(bytes);
  const backing = free.get(size)?.pop();
  if (backing) freeBytes -= size;
  // Not zero-filled: a chunk is written before it is read.
  return register(backing ?? Buffer.allocUnsafeSlow(size).buffer, bytes);
}

/** The first `bytes` bytes of a chunk taken here, as the chunk to give back instead of it. */
export function shrinkChunk(chunk: Buffer, bytes: number): Buffer {
  const backing = owner.get(chunk);
  if (!backing) return chunk.subarray(0, bytes);
  owner.delete(chunk);
  return register(backing, bytes);
}

/**
 * Gives a chunk back once nothing reads it any more. Anything that is not a chunk taken here,
 * or not the very object handed out (a part of one), is left to the garbage collector.
 */
export function releaseChunk(chunk: Uint8Array): void {
  const backing = owner.get(chunk);
  if (!backing) return;
  owner.delete(chunk);
  if (freeBytes + backing.byteLength > MAX_FREE_BYTES) return;
  const list = free.get(backing.byteLength) ?? [];
  list.push(backing);
  free.set(backing.byteLength, list);
  freeBytes += backing.byteLength;
}

/**
 * Frees the chunks kept for later (a collection is over): their memory serves what comes next
 * (analysis, the archive) instead of sitting idle beside it. Chunks in use are not touched.
 */
export function letFreeChunksGo(): void {
  for (const list of free.values()) list.forEach(freeNow);
  free.clear();
  freeBytes = 0;
}

function register(backing: ArrayBuffer, bytes: number): Buffer {
  const chunk = Buffer.from(backing, 0, bytes);
  owner.set(chunk, backing);
  return chunk;
}
