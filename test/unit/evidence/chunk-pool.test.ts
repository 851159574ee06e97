import { describe, expect, it } from 'vitest';
import { letFreeChunksGo, releaseChunk, takeChunk } from '../../../electron/core/evidence/chunk-pool';

const MiB = 1 << 20;

describe('chunk pool', () => {
  it('hands a chunk given back out again instead of allocating a new one', () => {
    const first = takeChunk(MiB);
    const memory = first.buffer;
    releaseChunk(first);
    const second = takeChunk(MiB);
    expect(second.buffer).toBe(memory);
    releaseChunk(second);
    letFreeChunksGo();
  });

  it('frees the chunks kept for later at once when a collection is over, and leaves chunks in use alone', () => {
    const kept = takeChunk(MiB);
    const inUse = takeChunk(MiB).fill(0x41);
    const keptMemory = kept.buffer;
    releaseChunk(kept);

    letFreeChunksGo();

    // Its memory went back to the allocator now (detached), not at some later collection.
    expect(keptMemory.byteLength).toBe(0);
    expect(inUse.length).toBe(MiB);
    expect(inUse.every((b) => b === 0x41)).toBe(true);
    const next = takeChunk(MiB);
    expect(next.buffer).not.toBe(keptMemory);
    expect(next.length).toBe(MiB);
    releaseChunk(next);
    releaseChunk(inUse);
    letFreeChunksGo();
  });
});
