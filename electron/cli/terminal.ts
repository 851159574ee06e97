/**
 * Everything the CLI prints for a person goes through here. Text from evidence (a runner
 * name, a log line, an error a server sent) may hold terminal controls: OSC 52 writes the
 * clipboard, CSI moves the cursor and recolours, `\r` overwrites a line. Each control
 * character is shown escaped (`\x1b`) instead, so nothing in the evidence drives the terminal
 * and the reader still sees what was there. JSON output needs none of this (JSON.stringify
 * escapes controls); colours the CLI adds itself are added after.
 */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;

export function forTerminal(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return code > 0xff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\x${code.toString(16).padStart(2, '0')}`;
  });
}

/** A line (or lines) for the user on stdout. */
export function say(text: string): void {
  process.stdout.write(forTerminal(text));
}

/** A message on stderr. */
export function warn(text: string): void {
  process.stderr.write(forTerminal(text));
}

// JSON.stringify escapes C0 controls only; C1 (U+0080–U+009F, U+009B is CSI), DEL and the line
// separators pass through raw, so they are escaped here as JSON escapes (the JSON stays the same value).
const JSON_RAW = /[\u007f-\u009f\u2028\u2029]/g;

/** A value as indented JSON on stdout, with nothing in it a terminal would act on. */
export function sayJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2).replace(JSON_RAW, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n');
}

/** Text the CLI composed itself with colours added after `forTerminal` ran on its parts. */
export function sayFormatted(text: string): void {
  process.stdout.write(text);
}
