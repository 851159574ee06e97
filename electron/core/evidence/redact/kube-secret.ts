import { scanValue } from './value-scan';
import { PLACEHOLDER_START } from '../../../../shared/redaction-placeholder';
import { fitPlaceholder } from './yaml-safe';

/**
 * Kubernetes Secret awareness for YAML and pretty-printed JSON read line by line. Every value
 * under a Secret's `data`/`stringData` is a secret, whatever it looks like; a ConfigMap's
 * `data` is not. kubectl sorts keys, so `data` comes before `kind`: the stream holds a data
 * block back until the object's kind is known (see line-state.ts), and this tracker says
 * which mapping each line belongs to by its key column.
 */
export interface KeyLine {
  indent: number;
  /** Column of the key: indent plus the width of a `- ` list dash. */
  col: number;
  dash: boolean;
  key: string;
  /** Text after `key:`, trimmed; '' when a nested block follows. */
  value: string;
  /** Where `value` starts in the line. */
  valueAt: number;
}

const KEY_LINE = /^( *)(-[ \t]+)?(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^\s:"'#{}[\],-][^\s:]*|-[^\s:]+))[ \t]*:(?:[ \t]+|$)/;

export function parseKeyLine(line: string): KeyLine | undefined {
  const m = KEY_LINE.exec(line);
  if (!m) return undefined;
  const indent = m[1]?.length ?? 0;
  const dash = m[2]?.length ?? 0;
  const valueAt = m[0].length;
  return { indent, col: indent + dash, dash: dash > 0, key: m[3] ?? m[4] ?? m[5] ?? '', value: line.slice(valueAt).trim(), valueAt };
}

export function indentOf(line: string): number {
  let i = 0;
  while (line[i] === ' ') i++;
  return i;
}

/** `"Secret",` → `Secret`; `!!str Secret # note` → `Secret` (a kind may be written any way YAML allows). */
function scalar(value: string): string {
  return value
    .replace(/[ \t]+#.*$/, '')
    .replace(/,$/, '')
    .replace(/^!!?\S*[ \t]+/, '')
    .replace(/^(["'])(.*)\1$/, '$2')
    .trim();
}

/** Kinds compare without case: the API server rejects `secret`, but a file on disk holds what a person typed. */
export function isSecretKind(kind: string): boolean {
  return kind.toLowerCase() === 'secret';
}

interface Level {
  kind?: string;
  /** apiVersion, metadata or type seen: a Kubernetes object, even without a kind. */
  k8s: boolean;
}

const DOC_MARKER = /^(?:---|\.\.\.)(?:\s|$)/;

export class KubeTracker {
  private readonly levels = new Map<number, Level>();

  private drop(deeperThan: number): void {
    for (const col of this.levels.keys()) if (col > deeperThan) this.levels.delete(col);
  }

  /** Updates which mappings are open after `line`. */
  update(line: string, parsed: KeyLine | undefined): void {
    if (DOC_MARKER.test(line)) return this.levels.clear();
    const t = line.trim();
    if (!t || t.startsWith('#')) return;
    if (parsed) {
      this.drop(parsed.dash ? parsed.col - 1 : parsed.col);
      const level = this.levels.get(parsed.col) ?? { k8s: false };
      // A mapping that calls itself a Secret stays one, even if a second `kind:` follows (a malformed or spliced file).
      if (parsed.key === 'kind' && !(level.kind && isSecretKind(level.kind))) level.kind = scalar(parsed.value);
      if (parsed.key === 'apiVersion' || parsed.key === 'metadata' || parsed.key === 'type') level.k8s = true;
      this.levels.set(parsed.col, level);
      return;
    }
    if (/^[{}[\]-]/.test(t)) this.drop(indentOf(line));
  }

  /** Whether `line` closes the mapping whose keys sit at `col`. */
  endsMapping(col: number, line: string, parsed: KeyLine | undefined): boolean {
    if (DOC_MARKER.test(line)) return true;
    if (parsed) return parsed.col < col || (parsed.dash && parsed.col <= col);
    const t = line.trim();
    return t !== '' && !t.startsWith('#') && /^[}\]-]/.test(t) && indentOf(line) < col;
  }

  /** The kind of the mapping at `col`, when it is known. */
  kindAt(col: number): string | undefined {
    return this.levels.get(col)?.kind;
  }

  /**
   * Whether the object with keys at `col` is a Secret: its kind; else the kind of the list it
   * is in (`SecretList` items carry no kind of their own); else, with no kind anywhere, whether
   * it looks like a Kubernetes object at all (treated as a Secret, to be safe).
   */
  isSecret(col: number): boolean {
    const level = this.levels.get(col);
    // A List has no data of its own: `data:` beside `kind: List` is a spliced object, redacted to be safe.
    if (level?.kind) return isSecretKind(level.kind) || /list$/i.test(level.kind);
    for (const [c, l] of [...this.levels].sort(([a], [b]) => b - a)) {
      if (c < col && l.kind && l.kind.toLowerCase() !== 'list' && /list$/i.test(l.kind)) return l.kind.toLowerCase() === 'secretlist';
    }
    return level?.k8s ?? false;
  }
}

/** A `data:`/`stringData:` key line that opens a block of values (not `data: {}` or `data: null`). */
export function opensDataBlock(parsed: KeyLine | undefined): 'block' | 'inline' | undefined {
  if (!parsed || (parsed.key !== 'data' && parsed.key !== 'stringData')) return undefined;
  const v = parsed.value.replace(/,$/, '');
  if (v === '' || v === '{') return 'block';
  if (/^\{.*\S.*\}$/.test(v)) return 'inline';
  return undefined;
}

export interface HeldLine {
  text: string;
  eol: string;
}

type Place = (secret: string) => string;

/** An empty value, a template or a placeholder; `quoted` says `value` is the inside of quotes, where `""` is content. */
function leaveAlone(value: string, quoted = false): boolean {
  const v = value.trim();
  return v === '' || (!quoted && (v === '""' || v === "''")) || v.startsWith(PLACEHOLDER_START) || /^\{\{.*\}\}$/.test(v);
}

/** `{"a": "x", "b": "y"}` or `{a: x, b: y}` on one line: every value replaced. */
function redactFlowMapping(line: string, from: number, place: Place): string {
  const open = line.indexOf('{', from);
  const close = line.lastIndexOf('}');
  if (open === -1 || close < open) return line;
  const inner = line.slice(open + 1, close);
  const replaced = inner.replace(
    /((?:"(?:[^"\\]|\\.)*"|'[^']*'|[^\s,:{}]+)\s*:\s*)("(?:[^"\\]|\\.)*"|'[^']*'|[^,}]*[^\s,}])/g,
    (_m, key: string, value: string) => {
      const quoted = /^["']/.test(value);
      const raw = quoted ? value.slice(1, -1) : value;
      if (leaveAlone(raw)) return key + value;
      return key + (quoted ? value[0] + place(raw) + value[0] : `"${place(raw)}"`);
    },
  );
  return line.slice(0, open + 1) + replaced + line.slice(close);
}

/**
 * Replaces every value in a held data block: `key: value`, `"key": "value",`, block scalars
 * (`key: |` and the lines under it become one placeholder line) and anything else nested.
 * Keys stay, so the reader still sees which entries the Secret has.
 */
export function redactDataBlock(lines: readonly HeldLine[], inline: boolean, place: Place): HeldLine[] {
  const [header, ...body] = lines;
  if (!header) return [];
  if (inline) return [{ text: redactFlowMapping(header.text, parseKeyLine(header.text)?.valueAt ?? 0, place), eol: header.eol }, ...body];
  const out: HeldLine[] = [header];
  const first = body.find((l) => l.text.trim() !== '');
  const child = first ? indentOf(first.text) : 0;
  for (let i = 0; i < body.length; i++) {
    const line = body[i] as HeldLine;
    const text = line.text;
    const t = text.trim();
    if (t === '' || (/^[}\]]/.test(t) && indentOf(text) < child)) {
      out.push(line);
      continue;
    }
    const parsed = indentOf(text) === child ? parseKeyLine(text) : undefined;
    if (parsed && /^[|>][-+0-9]*$/.test(parsed.value)) {
      // A block scalar becomes one quoted line: no indentation indicator left to get wrong.
      const content: HeldLine[] = [];
      while (i + 1 < body.length && ((body[i + 1] as HeldLine).text.trim() === '' || indentOf((body[i + 1] as HeldLine).text) > child)) {
        content.push(body[++i] as HeldLine);
      }
      let trailing = 0;
      while (trailing < content.length && (content[content.length - 1 - trailing] as HeldLine).text.trim() === '') trailing++;
      const kept = content.slice(0, content.length - trailing);
      const value = kept.map((l) => l.text).join('\n');
      out.push({ text: text.slice(0, parsed.valueAt) + `"${place(value)}"`, eol: line.eol });
      out.push(...content.slice(content.length - trailing));
      continue;
    }
    if (parsed) {
      const value = scanValue(text, parsed.valueAt, text.trimStart().startsWith('"') ? 'word' : 'line') ?? {
        start: parsed.valueAt,
        end: text.length,
        quoted: false,
      };
      // A value folded over several lines (long plain or quoted scalars) goes whole.
      const folded: string[] = [];
      while (i + 1 < body.length && (body[i + 1] as HeldLine).text.trim() !== '' && indentOf((body[i + 1] as HeldLine).text) > child)
        folded.push((body[++i] as HeldLine).text.trim());
      if (folded.length) {
        out.push({
          text: text.slice(0, parsed.valueAt) + `"${place([text.slice(parsed.valueAt), ...folded].join('\n'))}"`,
          eol: (body[i] as HeldLine).eol,
        });
        continue;
      }
      const raw = text.slice(value.start, value.end);
      const before = text.slice(0, value.start);
      out.push(
        leaveAlone(raw, value.quoted)
          ? line
          : { text: before + fitPlaceholder(before, place(raw), text.slice(value.end)) + text.slice(value.end), eol: line.eol },
      );
      continue;
    }
    // A continuation of a multi-line scalar, or something nested: nothing of it stays.
    const indent = indentOf(text);
    out.push({ text: text.slice(0, indent) + place(t), eol: line.eol });
  }
  return out;
}
