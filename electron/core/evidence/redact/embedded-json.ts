/**
 * JSON documents inside one line: `kubectl get -o json` compact output, JSON log lines, and
 * the `kubectl.kubernetes.io/last-applied-configuration` annotation, which repeats a whole
 * object as a JSON string (quotes escaped once in YAML, twice in JSON output). Secret values
 * found in them are replaced where they appear in the line, in the line's own escaping.
 */
import { PLACEHOLDER_START } from '../../../../shared/redaction-placeholder';

export interface EmbeddedJsonHooks {
  /** Placeholder for a Kubernetes Secret's data value. */
  secret(value: string): string;
  /** A string that may itself contain secrets (a config.toml in a ConfigMap), redacted. */
  text(value: string): string;
}

interface Found {
  value: string;
  level: number;
  replacement: string;
}

/** How `value` appears at escape `level`: 0 = a JSON string in the line, 1 = inside a JSON string, … */
function encodeAt(value: string, level: number): string {
  let e = JSON.stringify(value);
  for (let l = 0; l < level; l++) e = JSON.stringify(e).slice(1, -1);
  return e;
}

/** Go's encoder also escapes <, > and & (kubectl's JSON does this). */
function goEncodeAt(value: string, level: number): string {
  let e = JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
  for (let l = 0; l < level; l++) e = JSON.stringify(e).slice(1, -1);
  return e;
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isSecretObject(o: Record<string, unknown>, listKind: string | undefined): boolean {
  if (typeof o.kind === 'string') return o.kind.toLowerCase() === 'secret';
  if (listKind && listKind.toLowerCase() !== 'list') return listKind.toLowerCase() === 'secretlist';
  return 'metadata' in o || 'apiVersion' in o || 'type' in o;
}

const MAX_DEPTH = 4;

function walk(node: unknown, level: number, listKind: string | undefined, hooks: EmbeddedJsonHooks, found: Found[]): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, level, listKind, hooks, found);
    return;
  }
  if (!isRecord(node)) return;
  const secret = isSecretObject(node, listKind);
  for (const [key, value] of Object.entries(node)) {
    if ((key === 'data' || key === 'stringData') && secret && isRecord(value)) {
      for (const v of Object.values(value)) {
        if (typeof v === 'string' && v !== '' && !v.startsWith(PLACEHOLDER_START)) found.push({ value: v, level, replacement: hooks.secret(v) });
      }
      continue;
    }
    if (typeof value === 'string') {
      const inner = level < MAX_DEPTH && /^\s*[{[]/.test(value) ? tryParse(value) : undefined;
      if (inner !== undefined && typeof inner === 'object') {
        walk(inner, level + 1, undefined, hooks, found);
      } else if (value.includes('\n') || value.includes('"')) {
        // Escaping hides `token = "…"` from the line rules' view of quotes: redact it decoded.
        const redacted = hooks.text(value);
        if (redacted !== value) found.push({ value, level, replacement: redacted });
      }
      continue;
    }
    walk(value, level, key === 'items' && typeof node.kind === 'string' ? node.kind : undefined, hooks, found);
  }
}

/** Index of the quote that closes the JSON string literal opening at `open`, or -1. */
function stringLiteralEnd(line: string, open: number): number {
  for (let i = open + 1; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === '"') return i;
  }
  return -1;
}

/** The JSON document in a line: raw (`{…}`), or inside a JSON string literal (`"{\"…\"}"`). */
function findDocument(line: string): { doc: unknown; level: number; start: number; end: number } | undefined {
  const open = line.indexOf('{');
  const close = line.lastIndexOf('}');
  if (open === -1 || close < open) return undefined;
  const raw = tryParse(line.slice(open, close + 1));
  if (raw !== undefined) return { doc: raw, level: 0, start: open, end: close + 1 };
  const q = line.indexOf('"{');
  if (q === -1) return undefined;
  const qEnd = stringLiteralEnd(line, q);
  if (qEnd === -1) return undefined;
  const str = tryParse(line.slice(q, qEnd + 1));
  if (typeof str !== 'string') return undefined;
  const doc = tryParse(str);
  return doc === undefined ? undefined : { doc, level: 1, start: q + 1, end: qEnd };
}

export function mayHoldEmbeddedJson(line: string): boolean {
  return line.includes('{') && (line.includes('data\\"') || line.includes('data"') || line.includes('last-applied-configuration'));
}

/**
 * Replaces `token` where it stands as a whole value (after `:`, before `,` `}` or `]`), never
 * inside keys or other values: a short value such as `":"` also occurs in `"a":"b"`.
 */
function replaceValueTokens(line: string, token: string, replacement: string): string | undefined {
  let out = '';
  let at = 0;
  let found = false;
  for (let i = line.indexOf(token); i !== -1; i = line.indexOf(token, i + 1)) {
    if (i < at) continue;
    let b = i - 1;
    while (b >= 0 && /\s/.test(line[b] ?? '')) b--;
    let a = i + token.length;
    while (a < line.length && /\s/.test(line[a] ?? '')) a++;
    if (line[b] !== ':' || !/[,}\]]/.test(line[a] ?? '')) continue;
    out += line.slice(at, i) + replacement;
    at = i + token.length;
    found = true;
  }
  return found ? out + line.slice(at) : undefined;
}

/** The line with secrets in embedded JSON replaced; unchanged when there is none. */
export function redactEmbeddedJson(line: string, hooks: EmbeddedJsonHooks, fallback: (doc: string) => string): string {
  const located = findDocument(line);
  if (!located) return line;
  const found: Found[] = [];
  walk(located.doc, located.level, undefined, hooks, found);
  let out = line;
  for (const f of found.sort((a, b) => b.value.length - a.value.length)) {
    const replacement = encodeAt(f.replacement, f.level);
    const next = replaceValueTokens(out, encodeAt(f.value, f.level), replacement) ?? replaceValueTokens(out, goEncodeAt(f.value, f.level), replacement);
    if (next === undefined) {
      // The value is there but escaped some other way: nothing of the document may stay.
      return line.slice(0, located.start) + fallback(line.slice(located.start, located.end)) + line.slice(located.end);
    }
    out = next;
  }
  return out;
}
