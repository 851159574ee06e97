/**
 * `data` as bytes cut at `cuts`, each taken modulo the length plus one: the chunks a stream
 * could deliver, in order. A cut at either end gives an empty chunk, as a stream may.
 */
export function cutAt(data: string | Buffer, cuts: readonly number[]): Buffer[] {
  const buf = typeof data === 'string' ? Buffer.from(data) : data;
  const points = [...new Set(cuts.map((c) => c % (buf.length + 1)))].sort((a, b) => a - b);
  return [0, ...points, buf.length].slice(1).map((end, i, all) => buf.subarray(i === 0 ? 0 : all[i - 1], end));
}
