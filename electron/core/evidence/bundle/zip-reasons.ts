import { msg, type Message } from '../../../../shared/messages';

/**
 * The zip library's (yauzl's) reasons why an archive cannot be read, as message ids: the
 * English of each is the library's sentence, word for word, so English output is unchanged;
 * other languages word the same reason. A reason not listed here (zlib's, the OS's) is quoted.
 */
const REASONS: readonly { pattern: RegExp; key: string; params?: readonly string[] }[] = [
  { pattern: /^End of central directory record signature not found\. Either not a zip file, or file is truncated\.$/, key: 'zip.noEndRecord' },
  { pattern: /^invalid central directory file header signature: 0x([0-9a-f]+)$/, key: 'zip.badCentralHeader', params: ['signature'] },
  { pattern: /^invalid local file header signature: 0x([0-9a-f]+)$/, key: 'zip.badLocalHeader', params: ['signature'] },
  { pattern: /^invalid zip64 end of central directory record signature$/, key: 'zip.badZip64EndRecord' },
  { pattern: /^unexpected EOF$/, key: 'zip.unexpectedEof' },
  { pattern: /^unsupported compression method: (\d+)$/, key: 'zip.unsupportedMethod', params: ['method'] },
  { pattern: /^multi-disk zip files are not supported: found disk number: (\d+)$/, key: 'zip.multiDisk', params: ['disk'] },
  { pattern: /^strong encryption is not supported$/, key: 'zip.strongEncryption' },
  { pattern: /^file data overflows file bounds: (\d+) \+ (\d+) > (\d+)$/, key: 'zip.overflow', params: ['start', 'size', 'fileSize'] },
  { pattern: /^Invalid comment length\. Expected: (\d+)\. Found: (\d+)\. /, key: 'zip.commentLength', params: ['expected', 'found'] },
  { pattern: /^invalid characters in fileName: (.*)$/s, key: 'zip.badFileName', params: ['name'] },
  { pattern: /^absolute path: (.*)$/s, key: 'zip.absolutePath', params: ['name'] },
  { pattern: /^invalid relative path: (.*)$/s, key: 'zip.relativePath', params: ['name'] },
  { pattern: /^too many bytes in the stream\. expected (\d+)\. got at least (\d+)$/, key: 'zip.tooManyBytes', params: ['expected', 'actual'] },
  { pattern: /^not enough bytes in the stream\. expected (\d+)\. got only (\d+)$/, key: 'zip.notEnoughBytes', params: ['expected', 'actual'] },
  { pattern: /^compressed\/uncompressed size mismatch for stored file: (\d+) != (\d+)$/, key: 'zip.storedSizeMismatch', params: ['compressed', 'uncompressed'] },
];

/** Why the zip library could not read an archive, as a message (English: its own words). */
export function zipReason(err: Error | null | undefined): Message {
  if (!err) return msg('unknownError');
  for (const r of REASONS) {
    const m = err.message.match(r.pattern);
    if (m) return msg(r.key, Object.fromEntries((r.params ?? []).map((name, i) => [name, m[i + 1]!])));
  }
  return msg('zip.other', { reason: err.message });
}
