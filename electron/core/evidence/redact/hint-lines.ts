import type { HintSpec } from './prefilter';

type FirstHint = (lower: string, from: number, spec: HintSpec, cache: object) => number;

/**
 * Offsets where the lines of `text` that hold a hint start: what the stream redactor needs
 * to copy everything else through untouched. Self-contained (the scan comes as an argument):
 * worker threads run its source text.
 */
export function hintedLineStarts(text: string, lower: string, spec: HintSpec, firstHint: FirstHint, cache: object): number[] {
  const starts: number[] = [];
  let pos = 0;
  while (pos < text.length) {
    const hit = firstHint(lower, pos, spec, cache);
    if (hit === -1) break;
    starts.push(text.lastIndexOf('\n', hit - 1) + 1);
    const nl = text.indexOf('\n', hit);
    if (nl === -1) break;
    pos = nl + 1;
  }
  return starts;
}
