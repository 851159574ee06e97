import { Transform, type TransformCallback } from 'node:stream';
import { stripAnsi } from './fields';

// `journalctl -o json` / `-o json-pretty` write a field holding control characters (the
// runner's colour codes) or invalid UTF-8 as an array of byte values: `"MESSAGE":[27,91,…]`.
const BYTE_MESSAGE = /"MESSAGE"(\s*):(\s*)\[([\d\s,]*)\]/;

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
 * `journalctl -o export` writes a field whose value is not printable text (colour codes, a
 * newline) as its name alone on a line, then the value's length as a little-endian 64-bit
 * integer, the value's bytes and a newline (systemd's JOURNAL_EXPORT_FORMATS). `field` is what
 * follows the name's line: length and value, without the last newline. The value as text,
 * colour codes removed, after as many newlines as the length's bytes hold, so that it is on
 * the line where its bytes start in the file and the lines after it keep their numbers; or
 * undefined when the length does not match.
 */
export function decodeExportValue(field: Buffer): string | undefined {
  if (field.length < LENGTH_BYTES || field.readBigUInt64LE(0) !== BigInt(field.length - LENGTH_BYTES)) return undefined;
  const breaks = field.subarray(0, LENGTH_BYTES).filter((b) => b === NEWLINE).length;
  return `${'\n'.repeat(breaks)}${stripAnsi(field.subarray(LENGTH_BYTES).toString('utf8'))}`;
}

const NAME = Buffer.from('MESSAGE');
const NEWLINE = 0x0a;
const QUOTE = 0x22;
const COLON = 0x3a;
const BRACKET = 0x5b;
const LENGTH_BYTES = 8;
/** A longer binary MESSAGE, or a JSON line longer than this, is passed on as it is. */
const MAX_FIELD_BYTES = 1 << 20;

/**
 * The field that starts at `at` in `bytes` (the quote of `"MESSAGE"` in JSON, the newline
 * before `MESSAGE` alone on its line in export) decoded, and where what it replaces ends; `more`
 * when it goes on past `bytes`; undefined when it is not a field to decode.
 */
function fieldAt(bytes: Buffer, at: number, final: boolean): { text: string; end: number } | 'more' | undefined {
  const after = at + 1 + NAME.length;
  if (bytes[at] === QUOTE) {
    // JSON: only an array is bytes (most MESSAGEs are strings); it goes on to the line's end.
    let j = after + 1;
    for (const expected of [COLON, BRACKET]) {
      while (bytes[j] === 0x20 || bytes[j] === 0x09 || bytes[j] === 0x0d) j++;
      if (j >= bytes.length) return final ? undefined : 'more';
      if (bytes[j++] !== expected) return undefined;
    }
    const eol = bytes.indexOf(NEWLINE, after);
    if (eol < 0 && !final) return bytes.length - at > MAX_FIELD_BYTES ? undefined : 'more';
    const end = eol < 0 ? bytes.length : eol;
    const line = bytes.subarray(at, end).toString('utf8');
    const text = decodeJournalMessage(line);
    return text === line ? undefined : { text, end };
  }
  // Export: the name's line, the length, the value; its last newline is left where it is.
  if (bytes.length < after + 1 + LENGTH_BYTES) return final ? undefined : 'more';
  const length = bytes.readBigUInt64LE(after + 1);
  if (length > BigInt(MAX_FIELD_BYTES)) return undefined;
  const end = after + 1 + LENGTH_BYTES + Number(length);
  if (bytes.length <= end) return final ? undefined : 'more';
  if (bytes[end] !== NEWLINE) return undefined;
  const value = decodeExportValue(bytes.subarray(after + 1, end));
  return value === undefined ? undefined : { text: `\nMESSAGE\n${value}`, end };
}

/** Start of a tail of `bytes` that may begin a field once more bytes come: `"MESS`, `\nMES`… */
function heldFrom(bytes: Buffer): number {
  for (let k = Math.max(0, bytes.length - NAME.length - 1); k < bytes.length; k++) {
    if (bytes[k] !== QUOTE && bytes[k] !== NEWLINE) continue;
    const rest = bytes.subarray(k + 1);
    if (NAME.subarray(0, rest.length).equals(rest)) return k;
  }
  return bytes.length;
}

/**
 * Spells out journald MESSAGE fields stored as bytes (JSON byte arrays, export's binary
 * fields) in a log stream, so that signatures see the runner's words, at the line they are on
 * in the file. Everything else passes through as it came: bytes are held back only from where
 * such a field may start until it is complete. Looking for `MESSAGE` rather than `"MESSAGE`
 * matters: JSON is full of quotes, which slow a search that starts with one.
 */
export function journalBytesDecoder(): Transform {
  // The stream starts as if after a newline (a field may open it); that newline is not passed on.
  let held: Buffer | undefined = Buffer.from('\n');
  let unsent = 1;
  const decode = (stream: Transform, chunk: Buffer, final: boolean) => {
    const bytes = held ? Buffer.concat([held, chunk]) : chunk;
    let hold = final ? bytes.length : heldFrom(bytes);
    const out: Buffer[] = [];
    let done = 0;
    for (let i = bytes.indexOf(NAME, 1); i >= 0 && i - 1 < hold; i = bytes.indexOf(NAME, Math.max(i, done) + 1)) {
      const before = bytes[i - 1];
      const next = bytes[i + NAME.length];
      const open = (before === QUOTE && (next === QUOTE || next === undefined)) || (before === NEWLINE && (next === NEWLINE || next === undefined));
      if (!open || i - 1 < done) continue;
      const field = fieldAt(bytes, i - 1, final);
      if (field === 'more') {
        hold = i - 1;
        break;
      }
      if (!field) continue;
      out.push(bytes.subarray(done, i - 1), Buffer.from(field.text));
      done = field.end;
    }
    hold = Math.max(hold, done);
    // A copy: the source's buffers are not ours to keep.
    held = hold < bytes.length ? Buffer.from(bytes.subarray(hold)) : undefined;
    // A chunk with nothing to spell out or hold back (most chunks) goes on as the very buffer,
    // not a view of it, so the reader after this one can give it back to the chunk pool.
    out.push(done === 0 && hold === bytes.length ? bytes : bytes.subarray(done, hold));
    // One chunk out per chunk in: the scanner reads the log's last line from the last two.
    let piece = out.length === 1 ? out[0]! : Buffer.concat(out);
    const skipped = Math.min(unsent, piece.length);
    if (skipped) piece = piece.subarray(skipped);
    unsent -= skipped;
    if (piece.length) stream.push(piece);
  };
  return new Transform({
    transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback) {
      decode(this, chunk, false);
      callback();
    },
    flush(callback: TransformCallback) {
      if (held) decode(this, Buffer.alloc(0), true);
      callback();
    },
  });
}
