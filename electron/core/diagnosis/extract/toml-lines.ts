/**
 * Where each key of a (valid) TOML document is written: path → 1-based line, with paths like
 * `runners[0].docker.helper_image`. The TOML parser gives values only; findings need lines.
 * Tables point at their header line, array-of-tables items at their `[[…]]` line.
 */
export function tomlKeyLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  const arrays = new Map<string, number>();
  let table = '';
  let open: { quote: string } | null = null;
  let depth = 0;
  const src = text.split('\n');

  const resolve = (parts: string[], isArray: boolean): string => {
    let path = '';
    parts.forEach((part, i) => {
      path = path ? `${path}.${part}` : part;
      const last = i === parts.length - 1;
      if (last && isArray) {
        const n = (arrays.get(path) ?? -1) + 1;
        arrays.set(path, n);
        path = `${path}[${n}]`;
      } else if (arrays.has(path)) {
        path = `${path}[${arrays.get(path)}]`;
      }
    });
    return path;
  };

  src.forEach((raw, i) => {
    const lineNo = i + 1;
    let line = raw;
    if (open) {
      const end = line.indexOf(open.quote);
      if (end < 0) return;
      line = line.slice(end + open.quote.length);
      open = null;
    }
    if (depth > 0) {
      depth += bracketBalance(line);
      return;
    }
    const header = /^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$/.exec(line);
    if (header) {
      table = resolve(splitKey(header[2]!), header[1] === '[[');
      // Implicit parent tables (`[runners.shell.env]` defines runners.shell) point here too.
      for (let p = table; p; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') if (!lines.has(p)) lines.set(p, lineNo);
      return;
    }
    const kv = /^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=\s*(.*)$/.exec(line);
    if (!kv) return;
    const path = [table, ...splitKey(kv[1]!)].filter(Boolean).join('.');
    if (!lines.has(path)) lines.set(path, lineNo);
    const value = kv[2]!;
    const multi = /^("""|''')/.exec(value);
    if (multi && value.indexOf(multi[1]!, 3) < 0) open = { quote: multi[1]! };
    else depth = Math.max(0, bracketBalance(value));
  });
  return lines;
}

function splitKey(key: string): string[] {
  const parts: string[] = [];
  const re = /\s*("([^"]*)"|'([^']*)'|[A-Za-z0-9_-]+)\s*(?:\.|$)/g;
  for (let m = re.exec(key); m && m[0]; m = re.exec(key)) parts.push(m[2] ?? m[3] ?? m[1]!);
  return parts;
}

/** Open minus closed brackets/braces outside strings and comments. */
function bracketBalance(text: string): number {
  let n = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') break;
    else if (c === '[' || c === '{') n++;
    else if (c === ']' || c === '}') n--;
  }
  return n;
}
