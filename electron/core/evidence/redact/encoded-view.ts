/**
 * The decoded view of a line holding escapes (`\u0067lpat-…`, `glpat\u002d…`, `glrt%2D…`,
 * `\x2d`): the rules run over it as well, and what they find is mapped back to the raw text,
 * so an escape inside a token does not hide it.
 */
export interface EncodedView {
  text: string;
  /** Raw index where each decoded character starts; one more entry for the end. */
  starts: number[];
}

/**
 * Escapes of characters that never need one in a URL or a JSON string: letters, digits, `-`
 * and `_` written escaped hide a token; `%20` and `%2F` in every URL do not, and are left
 * alone (decoding them would only cost time).
 */
const ESCAPE = /\\u([0-9a-fA-F]{4})|\\x(3[0-9]|[46][1-9a-fA-F]|[57][0-9aA]|2[dD]|5[fF])|%(3[0-9]|[46][1-9a-fA-F]|[57][0-9aA]|2[dD]|5[fF])/g;

/**
 * Lower-case words that tell a line may hold an escaped token (for the prefilter): an escaped
 * `-` or `_`, an escaped lower-case letter (GitLab prefixes are lower case), or `G`/`R`.
 */
export const ENCODED_HINTS: readonly string[] = ['\\u00', '\\x', '%2d', '%5f', '%6', '%7', '%47', '%52'];

export function encodedView(line: string): EncodedView | undefined {
  ESCAPE.lastIndex = 0;
  if (!ESCAPE.test(line)) return undefined;
  let text = '';
  const starts: number[] = [];
  let at = 0;
  ESCAPE.lastIndex = 0;
  for (let m = ESCAPE.exec(line); m; m = ESCAPE.exec(line)) {
    for (let i = at; i < m.index; i++) {
      text += line[i];
      starts.push(i);
    }
    text += String.fromCharCode(parseInt(m[1] ?? m[2] ?? m[3] ?? '0', 16));
    starts.push(m.index);
    at = m.index + m[0].length;
  }
  for (let i = at; i < line.length; i++) {
    text += line[i];
    starts.push(i);
  }
  starts.push(line.length);
  return { text, starts };
}
