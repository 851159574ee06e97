/**
 * ANSI SGR escape codes (colour, bold) as a runner writes them to a terminal. The viewer shows
 * log lines without them, so what it draws and what its search matches are the same text.
 */
export const SGR_PATTERN = /\x1b\[([\d;]*)m/g;

/** The line's text without SGR codes, as a reader sees it in the viewer. */
export function stripSgr(text: string): string {
  return text.includes('\x1b[') ? text.replace(SGR_PATTERN, '') : text;
}
