import { TomlDate } from 'smol-toml';
import type { ConfigIssue, RunnerConfigFact } from './config-toml';
import {
  CONFIG_SCHEMA,
  KNOWN_EXECUTORS,
  KNOWN_MISTAKES,
  LOG_FORMATS,
  LOG_LEVELS,
  SHELLS,
  type FieldSchema,
  type TableSchema,
  type ValueType,
} from './config-schema';

const isTable = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

function typeName(v: unknown): string {
  if (typeof v === 'bigint') return 'an integer';
  if (typeof v === 'number') return 'a float';
  if (typeof v === 'string') return 'a string';
  if (typeof v === 'boolean') return 'a boolean';
  if (v instanceof Date) return 'a date-time';
  if (Array.isArray(v)) return 'an array';
  return 'a table';
}

const EXPECTED: Record<ValueType, string> = {
  string: 'a string',
  int: 'an integer',
  float: 'a number',
  bool: 'true or false',
  time: 'a date-time',
  duration: 'a duration such as "1h30m"',
  strings: 'an array of strings',
  'string-or-strings': 'a string or an array of strings',
  map: 'a table',
  any: 'anything',
};

function fits(type: ValueType, v: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof v === 'string';
    case 'int':
      return typeof v === 'bigint';
    case 'float':
      return typeof v === 'bigint' || typeof v === 'number';
    case 'bool':
      return typeof v === 'boolean';
    case 'time':
      return v instanceof TomlDate || v instanceof Date || (typeof v === 'string' && !Number.isNaN(Date.parse(v)));
    case 'duration':
      return typeof v === 'bigint' || (typeof v === 'string' && /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/.test(v));
    case 'strings':
      return Array.isArray(v) && v.every((x) => typeof x === 'string');
    case 'string-or-strings':
      return typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
    case 'map':
      return isTable(v);
    case 'any':
      return true;
  }
}

function fieldOf(schema: TableSchema, key: string): FieldSchema | undefined {
  if (key in schema.fields) return schema.fields[key];
  // gitlab-runner's TOML decoder also matches keys case-insensitively.
  const lower = key.toLowerCase();
  const found = Object.keys(schema.fields).find((k) => k.toLowerCase() === lower);
  if (found) return schema.fields[found];
  if (schema.patterns?.some((p) => p.test(key))) return 'string';
  return undefined;
}

/** The known key one or two edits away from a misspelled one. */
function suggest(schema: TableSchema, key: string): string | undefined {
  const lower = key.toLowerCase();
  return Object.keys(schema.fields).find((k) => k.length > 3 && editDistance(k.toLowerCase(), lower) <= 2);
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

function walk(value: Record<string, unknown>, schema: TableSchema, path: string, issues: ConfigIssue[]): void {
  for (const [key, v] of Object.entries(value)) {
    const here = path ? `${path}.${key}` : key;
    const field = fieldOf(schema, key);
    if (field === undefined) {
      const mistake = key === 'state_file' ? KNOWN_MISTAKES.state_file : undefined;
      issues.push({
        severity: mistake || !schema.loose ? 'warning' : 'info',
        message:
          mistake ??
          `Unknown key \`${key}\`${path ? ` in [${path.replace(/\[\d+\]/g, '')}]` : ''}: gitlab-runner does not read it and ignores it${suggest(schema, key) ? ` (did you mean \`${suggest(schema, key)}\`?)` : ' (a typo, or a key of another release)'}.`,
        path: here,
      });
      continue;
    }
    if (typeof field === 'string') {
      if (key === 'shell' && isTable(v)) issues.push({ severity: 'error', message: `${KNOWN_MISTAKES.shell_env} As written, \`shell\` is a table where the runner expects a string, so it refuses to load the file.`, path: here });
      else if (!fits(field, v)) issues.push({ severity: 'error', message: `\`${key}\` is ${typeName(v)} but must be ${EXPECTED[field]}; gitlab-runner refuses to load the file.`, path: here });
    } else if (field.kind === 'table') {
      if (isTable(v)) walk(v, field, here, issues);
      else issues.push({ severity: 'error', message: `\`${key}\` must be a table ([${here.replace(/\[\d+\]/g, '')}]), not ${typeName(v)}.`, path: here });
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => (isTable(item) ? walk(item, field.of, `${here}[${i}]`, issues) : issues.push({ severity: 'error', message: `\`${key}\` entries must be tables ([[${here}]]).`, path: `${here}[${i}]` })));
    } else {
      issues.push({ severity: 'error', message: `\`${key}\` must be an array of tables ([[${here}]]), not ${typeName(v)}.`, path: here });
    }
  }
}

function urlProblem(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `\`url = "${url}"\` is not a URL; it must be the GitLab instance address, e.g. https://gitlab.example.com/.`;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return `\`url\` must use https:// (or http://), not ${u.protocol}`;
  if (/\/api\/v4\b|\/-\/|\.git$|\/ci\/?$/.test(u.pathname) || u.search) {
    return `\`url = "${url}"\` is not the GitLab instance root: the runner adds /api/v4/… itself. Use ${u.origin}/ (keep a path only for a GitLab served under a relative URL).`;
  }
  return undefined;
}

/** Schema check plus the rules gitlab-runner enforces or warns about at start. */
export function lintConfig(doc: Record<string, unknown>, fact: RunnerConfigFact): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  walk(doc, CONFIG_SCHEMA, '', issues);
  const concurrent = fact.concurrent;
  if (concurrent !== undefined && concurrent < 1) issues.push({ severity: 'error', message: `\`concurrent = ${concurrent}\`: it must be at least 1, or the runner runs no jobs.`, path: 'concurrent' });
  else if (!('concurrent' in doc) && fact.runners.length && !fact.template) issues.push({ severity: 'warning', message: '`concurrent` is not set; it defaults to 0, which is not allowed. Set it to the number of jobs this runner may run at once.', path: '' });
  const format = doc.log_format;
  if (typeof format === 'string' && !LOG_FORMATS.includes(format)) issues.push({ severity: 'warning', message: `\`log_format = "${format}"\` is not one of ${LOG_FORMATS.join(', ')}.`, path: 'log_format' });
  const level = doc.log_level;
  if (typeof level === 'string' && !LOG_LEVELS.includes(level)) issues.push({ severity: 'warning', message: `\`log_level = "${level}"\` is not one of ${LOG_LEVELS.join(', ')}.`, path: 'log_level' });

  for (const r of fact.runners) {
    const p = `runners[${r.index}]`;
    const who = r.name ? `runner "${r.name}"` : `runner #${r.index + 1}`;
    if (!fact.template) {
      if (!r.url) issues.push({ severity: 'error', message: `${who} has no \`url\`.`, path: p });
      if (r.token === undefined) issues.push({ severity: 'error', message: `${who} has no \`token\`.`, path: p });
      if (!r.executor) issues.push({ severity: 'error', message: `${who} has no \`executor\`.`, path: p });
    }
    if (r.url) {
      const problem = urlProblem(r.url);
      if (problem) issues.push({ severity: 'warning', message: `${who}: ${problem}`, path: `${p}.url` });
    }
    if (r.executor && !KNOWN_EXECUTORS.includes(r.executor)) issues.push({ severity: 'warning', message: `${who}: executor "${r.executor}" is not one gitlab-runner knows (${KNOWN_EXECUTORS.join(', ')}).`, path: `${p}.executor` });
    const shell = (doc.runners as Record<string, unknown>[])[r.index]?.shell;
    if (typeof shell === 'string' && shell && !SHELLS.includes(shell)) issues.push({ severity: 'warning', message: `${who}: shell "${shell}" is not one of ${SHELLS.join(', ')}.`, path: `${p}.shell` });
    const rc = r.requestConcurrency;
    if (rc !== undefined) {
      if (rc < 1) issues.push({ severity: 'warning', message: `${who}: \`request_concurrency = ${rc}\` must be at least 1 (the runner uses 1).`, path: `${p}.request_concurrency` });
      if (r.limit !== undefined && r.limit > 0 && rc > r.limit) issues.push({ severity: 'warning', message: `${who}: \`request_concurrency = ${rc}\` is higher than \`limit = ${r.limit}\`; requests beyond the limit can never get a job. Keep request_concurrency ≤ limit.`, path: `${p}.request_concurrency` });
      if (concurrent !== undefined && concurrent > 0 && rc > concurrent) issues.push({ severity: 'warning', message: `${who}: \`request_concurrency = ${rc}\` is higher than \`concurrent = ${concurrent}\`; the extra requests can never be served.`, path: `${p}.request_concurrency` });
    }
    if (r.tokenExpiresAt instanceof Date && !r.tokenObtainedAt) issues.push({ severity: 'info', message: `${who}: \`token_expires_at\` is set without \`token_obtained_at\`, so the runner cannot plan the token's rotation.`, path: `${p}.token_expires_at` });
  }
  return issues;
}
