/**
 * A value that is only a shell expansion — `$NAME`, `${NAME}` or a balanced `$(…)`, optionally
 * in double quotes — says where a secret comes from at run time (`--from-literal=token="$(cat f)"`,
 * `TOKEN=${CI_TOKEN}`); it holds none. Only the whole value counts: literal text before or after
 * the expansion (`ab$(x)`, `$(x)ab`, `$3cret`) may be a secret and is left to the rules.
 */
const NAME_REF = /\$(?:[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z_][A-Za-z0-9_]*\})/y;
/** What may follow a whole value: the line's end, a space or a separator, never more literal. */
const VALUE_END = /[\s,;&|)}\]<>]/;
/** Substitutions nest rarely; deeper text is treated as literal. */
const MAX_DEPTH = 8;

/** Index of the closing `"` of a double-quoted string opening before `from`, or -1. */
function doubleQuotedEnd(line: string, from: number, depth: number): number {
  for (let k = from; k < line.length; k++) {
    const ch = line[k];
    if (ch === '\\') k++;
    else if (ch === '"') return k;
    else if (ch === '$' && line[k + 1] === '(') {
      const end = substitutionEnd(line, k, depth + 1);
      if (end === -1) return -1;
      k = end - 1;
    }
  }
  return -1;
}

/** Index just past the `)` closing the `$(` at `at`, or -1 when it is not closed on the line. */
function substitutionEnd(line: string, at: number, depth = 0): number {
  if (depth > MAX_DEPTH) return -1;
  let open = 1;
  for (let k = at + 2; k < line.length; k++) {
    const ch = line[k];
    if (ch === '\\') k++;
    else if (ch === "'") {
      k = line.indexOf("'", k + 1);
      if (k === -1) return -1;
    } else if (ch === '"') {
      k = doubleQuotedEnd(line, k + 1, depth);
      if (k === -1) return -1;
    } else if (ch === '$' && line[k + 1] === '(') {
      const end = substitutionEnd(line, k, depth + 1);
      if (end === -1) return -1;
      k = end - 1;
    } else if (ch === '(') open++;
    else if (ch === ')' && --open === 0) return k + 1;
  }
  return -1;
}

function expansionEnd(line: string, at: number): number {
  if (line[at] !== '$') return -1;
  if (line[at + 1] === '(') return substitutionEnd(line, at);
  NAME_REF.lastIndex = at;
  return NAME_REF.test(line) ? NAME_REF.lastIndex : -1;
}

/**
 * Whether the value starting at `from` (after spaces) is one whole shell expansion. The quotes
 * may be escaped (`\"$(cat f)\"` in a script inside a JSON string).
 */
export function isShellExpansionAt(line: string, from: number): boolean {
  let i = from;
  while (line[i] === ' ' || line[i] === '\t') i++;
  let escapes = 0;
  while (line[i + escapes] === '\\') escapes++;
  const quoted = line[i + escapes] === '"';
  if (!quoted && escapes > 0) return false;
  const end = expansionEnd(line, quoted ? i + escapes + 1 : i);
  if (end === -1) return false;
  let after = end;
  if (quoted) {
    const close = '\\'.repeat(escapes) + '"';
    if (!line.startsWith(close, after)) return false;
    after += close.length;
  }
  const next = line[after] ?? '';
  return after >= line.length || VALUE_END.test(next) || (escapes > 0 && (next === '"' || next === '\\'));
}
