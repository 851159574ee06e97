/**
 * Finds where the value after a key ends, in whatever syntax the line is in: quoted with
 * `"` or `'`, quoted inside escaped JSON (`\"…\"`, `\\\"…\\\"` — JSON in a JSON string, as in
 * kubectl's last-applied-configuration annotation), or bare.
 */
export interface ScannedValue {
  start: number;
  end: number;
  quoted: boolean;
}

/**
 * How far a bare value runs: `line` to the end of the line (a YAML plain scalar, an INI or
 * .env value), `word` to the next space, quote or separator (logfmt, URLs, flags, prose).
 */
export type BareValueMode = 'line' | 'word';

const WORD_END = /[\s"'`,;&}\])<>\\|]/;

function isSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t';
}

/** Index of the quote that closes a value opened with `escapes` backslashes before `quote`. */
function closingQuote(line: string, from: number, quote: string, escapes: number): number {
  if (quote === "'") {
    // Single quotes (YAML, TOML literals, shell) know no backslash escapes; YAML doubles ''.
    for (let i = line.indexOf("'", from); i !== -1; i = line.indexOf("'", i + 2)) if (line[i + 1] !== "'") return i;
    return -1;
  }
  for (let i = line.indexOf(quote, from); i !== -1; i = line.indexOf(quote, i + 1)) {
    let k = 0;
    while (i - k - 1 >= from && line[i - k - 1] === '\\') k++;
    // At level 0 an even run of backslashes is escaped backslashes, part of the value.
    if (escapes === 0 ? k % 2 === 0 : k === escapes) return escapes === 0 ? i : i - k;
  }
  return -1;
}

export function scanValue(line: string, from: number, mode: BareValueMode): ScannedValue | undefined {
  let i = from;
  while (isSpace(line[i])) i++;
  if (i >= line.length) return undefined;
  let escapes = 0;
  while (line[i + escapes] === '\\') escapes++;
  const quote = line[i + escapes];
  if (quote === '"' || quote === "'") {
    const start = i + escapes + 1;
    // Single quotes only open a value at escape level 0 ('…' inside JSON is just text).
    if (quote === "'" && escapes > 0) return undefined;
    const close = closingQuote(line, start, quote, escapes);
    return { start, end: close === -1 ? line.length : close, quoted: true };
  }
  if (mode === 'line') {
    let end = line.length;
    const comment = line.slice(i).search(/\s#/);
    if (comment !== -1) end = i + comment;
    while (end > i && isSpace(line[end - 1])) end--;
    return end > i ? { start: i, end, quoted: false } : undefined;
  }
  // A bare value may start with backslashes (`\\server\share`); they are part of it.
  const rest = line.slice(i + escapes).search(WORD_END);
  const end = rest === -1 ? line.length : i + escapes + rest;
  return end > i ? { start: i, end, quoted: false } : undefined;
}
