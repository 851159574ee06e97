/**
 * Gives an ArrayBuffer's memory back to the allocator now instead of at the garbage collector's
 * next full collection: the buffer is detached (moved into an empty one) and reads as empty
 * afterwards. What is freed can serve the next allocations at once, where memory left to the
 * collector is still held while the next stage allocates its own. A runtime without
 * ArrayBuffer.prototype.transfer leaves it to the collector.
 */
export function freeNow(buffer: ArrayBuffer): void {
  const transfer = (buffer as { transfer?: (length: number) => ArrayBuffer }).transfer;
  if (typeof transfer === 'function') transfer.call(buffer, 0);
}
