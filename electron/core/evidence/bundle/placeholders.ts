import type { Readable } from 'node:stream';
import type { Redactor } from '../redact/redactor';
import { PLACEHOLDER_PATTERN } from '../../../../shared/redaction-placeholder';

const PLACEHOLDER = new RegExp(PLACEHOLDER_PATTERN.source, 'g');

/**
 * Reads a bundle's text once to find the placeholders it already has, so that re-redaction
 * numbers new secrets after them and never gives two secrets one placeholder.
 */
export async function reserveExistingPlaceholders(redactor: Redactor, sources: (() => Promise<Readable>)[], signal?: AbortSignal): Promise<void> {
  for (const open of sources) {
    signal?.throwIfAborted();
    let carry = '';
    for await (const chunk of await open()) {
      const text = carry + (chunk as Buffer).toString('latin1');
      PLACEHOLDER.lastIndex = 0;
      for (let m = PLACEHOLDER.exec(text); m; m = PLACEHOLDER.exec(text)) redactor.reserve(m[1] ?? '', Number(m[2]));
      // A placeholder cut by the chunk end is found whole in the next round.
      carry = text.slice(-96);
    }
  }
}
