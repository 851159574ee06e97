import { Transform, type TransformCallback } from 'node:stream';
import { stripAnsi } from './fields';

// `journalctl -o json` / `-o json-pretty` write a field holding control characters (the
// runner's colour codes) or invalid UTF-8 as an array of byte values: `"MESSAGE":[27,91,…]`.
const BYTE_MESSAGE = /"MESSAGE"(\s*):(\s*)\[([\d\s,]*)\]/;
const MARKER = Buffer.from('"MESSAGE');
const ARRAY_START = /"MESSAGE"\s*:\s*\[/;

/**
 * A journald JSON line with its MESSAGE byte array spelled out as the text it is (colour codes
 * removed, invalid UTF-8 replaced), still valid JSON. Any other line is returned as it is.
 */
export function decodeJournalMessage(line: string): string {
  const m = BYTE_MESSAGE.exec(line);
  if (!m) return line;
  const bytes = m[3]!.split(',').map((b) => Number(b.trim())).filter((b) => Number.isInteger(b) && b >= 0 && b <= 255);
  const text = stripAnsi(Buffer.from(bytes).toString('utf8'));
  return `${line.slice(0, m.index)}"MESSAGE"${m[1]}:${m[2]}${JSON.stringify(text)}${line.slice(m.index + m[0].length)}`;
}

/**
 * Spells out journald MESSAGE byte arrays in a log stream so that signatures see the runner's
 * words. One line in, one line out: cited line numbers stay those of the file. Stretches
 * without a MESSAGE array pass through as they are.
 */
export function journalBytesDecoder(): Transform {
  let carry = Buffer.alloc(0);
  return new Transform({
    transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
      const bytes = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      const end = bytes.lastIndexOf(10) + 1;
      carry = Buffer.from(bytes.subarray(end));
      const whole = bytes.subarray(0, end);
      if (whole.indexOf(MARKER) < 0) return done(null, whole);
      const text = whole.toString('utf8');
      done(null, ARRAY_START.test(text) ? text.split('\n').map(decodeJournalMessage).join('\n') : text);
    },
    flush(done: TransformCallback) {
      done(null, carry.length ? decodeJournalMessage(carry.toString('utf8')) : undefined);
    },
  });
}
