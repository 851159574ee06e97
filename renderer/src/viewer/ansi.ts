import { SGR_PATTERN as SGR, stripSgr } from '../../../shared/ansi';

/** A run of text with the colour and weight ANSI SGR codes gave it. */
export interface AnsiSpan {
  text: string;
  /** 30–37 and 90–97: the foreground colour code, as set; undefined for the default. */
  fg?: number;
  bold?: boolean;
}

/**
 * Splits a log line at its SGR escape codes (the runner colours WARNING yellow and ERROR red).
 * Only foreground colours and bold are kept; other codes (background, cursor moves) are dropped.
 * The codes become classes, not inline styles, which the app's CSP forbids.
 */
export function parseAnsi(line: string): AnsiSpan[] {
  const spans: AnsiSpan[] = [];
  let fg: number | undefined;
  let bold = false;
  let at = 0;
  const push = (text: string) => {
    if (text) spans.push({ text, ...(fg !== undefined ? { fg } : {}), ...(bold ? { bold } : {}) });
  };
  for (const match of line.matchAll(SGR)) {
    push(line.slice(at, match.index));
    at = match.index + match[0].length;
    const codes = (match[1] || '0').split(';').map((c) => Number(c || '0'));
    for (const code of codes) {
      if (code === 0) [fg, bold] = [undefined, false];
      else if (code === 1) bold = true;
      else if (code === 22) bold = false;
      else if (code === 39) fg = undefined;
      else if ((code >= 30 && code <= 37) || (code >= 90 && code <= 97)) fg = code;
    }
  }
  push(line.slice(at));
  return spans;
}

/** The line's text without escape codes, as a reader sees it. */
export const stripAnsi = stripSgr;
