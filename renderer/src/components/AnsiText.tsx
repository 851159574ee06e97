import { parseAnsi } from '../viewer/ansi';
import { markMatches } from '../viewer/search-core';

/**
 * A log line with its ANSI colours as classes (viewer.css), and the viewer search's query
 * marked in it when given; plain lines stay plain text.
 */
export function AnsiText({ line, highlight }: { line: string; highlight?: string | undefined }) {
  if (!line.includes('\x1b[') && !highlight) return line;
  const spans = highlight ? markMatches(parseAnsi(line), highlight) : parseAnsi(line);
  return spans.map((span, i) => {
    const classes = [span.fg !== undefined && `ansi-${span.fg}`, span.bold && 'ansi-bold'].filter(Boolean).join(' ');
    const text = classes ? (
      <span key={i} className={classes}>
        {span.text}
      </span>
    ) : (
      span.text
    );
    return 'match' in span && span.match ? (
      <mark key={i} className="viewer-mark">
        {text}
      </mark>
    ) : (
      text
    );
  });
}
