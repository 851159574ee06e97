import { parseAnsi } from '../viewer/ansi';

/** A log line with its ANSI colours as classes (viewer.css); plain lines stay plain text. */
export function AnsiText({ line }: { line: string }) {
  if (!line.includes('\x1b[')) return line;
  return parseAnsi(line).map((span, i) => {
    const classes = [span.fg !== undefined && `ansi-${span.fg}`, span.bold && 'ansi-bold'].filter(Boolean).join(' ');
    return classes ? (
      <span key={i} className={classes}>
        {span.text}
      </span>
    ) : (
      span.text
    );
  });
}
