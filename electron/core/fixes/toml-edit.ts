import { parse, TomlDocument } from '@decimalturn/toml-patch';
import { msg } from '../../../shared/messages';
import { FixStepError } from './fix-definition';

/** A TOML value written as it is (a datetime: `token_expires_at = 2026-01-01T00:00:00Z`). */
export interface TomlRaw {
  raw: string;
}

/** One `[[runners]]` key to set (a number, a string, a raw TOML value) or to remove (undefined). */
export interface RunnerKeyEdit {
  index: number;
  key: string;
  value: number | string | TomlRaw | undefined;
}

/** A value as TOML writes it; strings as basic strings (JSON's escapes are TOML's). */
function render(value: number | string | TomlRaw): string {
  return typeof value === 'number' ? String(value) : typeof value === 'string' ? JSON.stringify(value) : value.raw;
}

interface Pos {
  line: number;
  column: number;
}
interface Node {
  type: string;
  loc: { start: Pos; end: Pos };
  key?: { item?: { value: string[] }; value?: string[] };
  value?: Node;
  items?: Node[];
}

/**
 * Edits keys of `[[runners]]` entries in config.toml through the CST of a maintained TOML
 * parser (@decimalturn/toml-patch): its node ranges say where each key and value is, and only
 * those bytes change. Everything else (comments, order, spacing, quoting) stays byte for byte.
 * (The library's own `patch()` re-renders sibling comments, so it is not used for writing.)
 */
export function editRunnerKeys(text: string, edits: readonly RunnerKeyEdit[]): string {
  const lines = text.split('\n');
  const blocks = new TomlDocument(text).cst as unknown as Node[];
  const runners = blocks.filter((b) => b.type === 'TableArray' && b.key?.item?.value.join('.') === 'runners');
  // Bottom-up, so earlier line numbers stay valid while lines are added or removed.
  const located = edits.map((e) => {
    const table = runners[e.index];
    if (!table) throw new FixStepError(msg('fix.toml.noEntry', { n: e.index + 1 }));
    const kvs = (table.items ?? []).filter((i) => i.type === 'KeyValue');
    return { e, table, kvs, existing: kvs.find((kv) => kv.key?.value?.join('.') === e.key) };
  });
  located.sort((a, b) => (b.existing ?? b.table).loc.end.line - (a.existing ?? a.table).loc.end.line);
  for (const { e, table, kvs, existing } of located) {
    if (existing?.value && e.value !== undefined) {
      const { start, end } = existing.value.loc;
      const row = lines[start.line - 1]!;
      lines[start.line - 1] = row.slice(0, start.column) + render(e.value) + (end.line === start.line ? row.slice(end.column) : '');
    } else if (existing && e.value === undefined) {
      lines.splice(existing.loc.start.line - 1, 1);
    } else if (e.value !== undefined) {
      const last = kvs.at(-1);
      const after = last ? last.loc.end.line : table.loc.start.line;
      const indent = last ? /^\s*/.exec(lines[last.loc.start.line - 1]!)![0] : '  ';
      lines.splice(after, 0, `${indent}${e.key} = ${render(e.value)}`);
    }
  }
  return lines.join('\n');
}

type Doc = { concurrent?: unknown; runners?: Record<string, unknown>[] };

/** What a token fix reads of each `[[runners]]` entry: its name, GitLab runner id, token and whether it keeps token times. */
export function runnerTokensOf(text: string): { name?: string; id?: number; token?: string; keys: string[] }[] {
  const doc = parse(text) as Doc;
  return (doc.runners ?? []).map((r) => ({
    ...(typeof r.name === 'string' ? { name: r.name } : {}),
    ...(typeof r.id === 'number' || typeof r.id === 'bigint' ? { id: Number(r.id) } : {}),
    ...(typeof r.token === 'string' ? { token: r.token } : {}),
    keys: Object.keys(r),
  }));
}

/** The runners of a config.toml with the keys a fix reads. */
export function runnersOf(text: string): { name?: string; limit?: number; requestConcurrency?: number }[] {
  const doc = parse(text) as Doc;
  return (doc.runners ?? []).map((r) => ({
    ...(typeof r.name === 'string' ? { name: r.name } : {}),
    ...(typeof r.limit === 'number' ? { limit: r.limit } : {}),
    ...(typeof r.request_concurrency === 'number' ? { requestConcurrency: r.request_concurrency } : {}),
  }));
}

export function concurrentOf(text: string): number | undefined {
  const v = (parse(text) as Doc).concurrent;
  return typeof v === 'number' ? v : undefined;
}

/**
 * Sets (or removes, with undefined) a string key in the `[runners.docker]` table of the
 * `[[runners]]` entry `index`, through the same CST ranges: only that key's bytes change. A
 * runner without the table gets one at the end of its entry.
 */
export function editDockerKey(text: string, index: number, key: string, value: string | undefined): string {
  const lines = text.split('\n');
  const blocks = new TomlDocument(text).cst as unknown as Node[];
  const path = (b: Node) => b.key?.item?.value.join('.');
  let runner = -1;
  let inRunners = false;
  let entry: Node | undefined;
  let docker: Node | undefined;
  let lastOfEntry: Node | undefined;
  for (const b of blocks) {
    if (b.type === 'TableArray' && path(b) === 'runners') {
      runner++;
      inRunners = true;
    } else if ((b.type === 'TableArray' || b.type === 'Table') && !path(b)?.startsWith('runners.')) inRunners = false;
    if (!inRunners || runner !== index) continue;
    if (b.type === 'TableArray') entry = b;
    if (b.type === 'Table' && path(b) === 'runners.docker') docker = b;
    lastOfEntry = b;
  }
  if (!entry || !lastOfEntry) throw new FixStepError(msg('fix.toml.noEntry', { n: index + 1 }));
  const rendered = value === undefined ? undefined : JSON.stringify(value);
  if (!docker) {
    if (rendered === undefined) return text;
    lines.splice(lastOfEntry.loc.end.line, 0, '  [runners.docker]', `    ${key} = ${rendered}`);
    return lines.join('\n');
  }
  const kvs = (docker.items ?? []).filter((i) => i.type === 'KeyValue');
  const existing = kvs.find((kv) => kv.key?.value?.join('.') === key);
  if (existing?.value && rendered !== undefined) {
    const { start, end } = existing.value.loc;
    const row = lines[start.line - 1]!;
    lines[start.line - 1] = row.slice(0, start.column) + rendered + (end.line === start.line ? row.slice(end.column) : '');
  } else if (existing) {
    lines.splice(existing.loc.start.line - 1, 1);
  } else if (rendered !== undefined) {
    const last = kvs.at(-1);
    const after = last ? last.loc.end.line : docker.loc.start.line;
    const indent = last ? /^\s*/.exec(lines[last.loc.start.line - 1]!)![0] : `${/^\s*/.exec(lines[docker.loc.start.line - 1]!)![0]}  `;
    lines.splice(after, 0, `${indent}${key} = ${rendered}`);
  }
  return lines.join('\n');
}

/** Each runner's executor and `[runners.docker]` helper_image, as a fix reads them. */
export function dockerRunnersOf(text: string): { name?: string; executor?: string; helperImage?: string }[] {
  const doc = parse(text) as { runners?: { name?: unknown; executor?: unknown; docker?: { helper_image?: unknown } }[] };
  return (doc.runners ?? []).map((r) => ({
    ...(typeof r.name === 'string' ? { name: r.name } : {}),
    ...(typeof r.executor === 'string' ? { executor: r.executor } : {}),
    ...(typeof r.docker?.helper_image === 'string' ? { helperImage: r.docker.helper_image } : {}),
  }));
}
