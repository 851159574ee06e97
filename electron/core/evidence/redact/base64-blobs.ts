/**
 * Base64 blobs that hold text with secrets in it: a ConfigMap's `binaryData` config.toml, a
 * Helm value, a Secret saved under some other kind. A blob that decodes to text is redacted
 * as text and stored re-encoded, so nothing of the secret stays in either form.
 */
const BLOB = /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{16,}={0,2}(?![A-Za-z0-9+/=])/g;
const MAX_BLOB_CHARS = 4 * 1024 * 1024;

/** Lower-cased base64 fragments of `word` at each of the three byte alignments. */
function base64Fragments(word: string): string[] {
  const out: string[] = [];
  for (let pad = 0; pad < 3; pad++) {
    const encoded = Buffer.concat([Buffer.alloc(pad), Buffer.from(word)]).toString('base64');
    // Only the characters made of the word's bits alone, not the padding's.
    const from = Math.ceil((pad * 8) / 6);
    const to = Math.floor(((pad + word.length) * 8) / 6);
    if (to - from >= 5) out.push(encoded.slice(from, to).toLowerCase());
  }
  return out;
}

/**
 * Words whose encoded form lets a line through the prefilter to the blob scan. Few: each costs
 * the prefilter time on every byte (Kubernetes YAML is read whole anyway).
 */
const WORDS = ['token', 'passw', 'glrt'];

export const BASE64_HINTS: readonly string[] = [...new Set(WORDS.flatMap(base64Fragments))];

function isText(bytes: Buffer): boolean {
  if (bytes.length < 12) return false;
  let printable = 0;
  for (const b of bytes) if ((b >= 0x20 && b < 0x7f) || b === 9 || b === 10 || b === 13) printable++;
  return printable / bytes.length >= 0.95;
}

export function mayHoldBase64(line: string): boolean {
  BLOB.lastIndex = 0;
  return BLOB.test(line);
}

/** The line with every text blob that held a secret replaced by the encoded redacted text. */
export function redactBase64Blobs(line: string, redact: (text: string) => string): string {
  BLOB.lastIndex = 0;
  return line.replace(BLOB, (blob) => {
    // Base64 PEM files are the PEM rule's: they go whole.
    if (blob.length > MAX_BLOB_CHARS || blob.startsWith('LS0tLS1CRUdJTi')) return blob;
    const bytes = Buffer.from(blob, 'base64');
    if (!isText(bytes)) return blob;
    const text = bytes.toString('latin1');
    const redacted = redact(text);
    return redacted === text ? blob : Buffer.from(redacted, 'latin1').toString('base64');
  });
}
