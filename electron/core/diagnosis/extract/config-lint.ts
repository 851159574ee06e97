import { issueText, said, type ConfigIssue, type KeyRelease, type ReleaseRange, type RunnerConfigFact } from './config-toml';
import { list, msg, type Message } from '../../../../shared/messages';
import { CONFIG_SCHEMA, GITLAB_SIDE_SETTINGS, fitsForm, isTable, rangeMessage, REPLACED_BY, SCHEMA_HISTORY_FROM, SCHEMA_SOURCE, fieldOf, type SchemaField, type SchemaNode } from './config-schema';
import { runnerLoadChecks } from './config-runner-checks';


/** The Go type BurntSushi/toml hands over for a TOML value (its error messages name these). */
function goType(v: unknown): string {
  if (typeof v === 'bigint') return 'int64';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (v instanceof Date) return 'time.Time';
  if (Array.isArray(v)) return v.length && v.every(isTable) ? '[]map[string]any' : '[]any';
  return 'map[string]any';
}

/** What the decoder calls the destination (how a user would say it: `config-invalid.type.*`). */
const DESTINATION: Record<string, string> = {
  string: 'string',
  int: 'integer',
  float: 'float',
  bool: 'boolean',
  duration: 'integer',
  time: 'time.Time',
  text: 'primitive (string-like)',
  'string-or-strings': 'StringOrArray',
  list: 'slice',
  map: 'map',
  table: 'table',
};
const words = (type: string): string | Message => (type in DESTINATION ? msg(`config-invalid.type.${type}`) : type);

/** Go's time.ParseDuration grammar. */
const GO_DURATION = /^[-+]?(?:0|(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+)$/;

const section = (path: string) => `[${path.replace(/\[\d+\]/g, '')}]`;

/** `` `key` `` or `` `key` in [section] ``, as the messages about a key name it. */
const inSection = (key: string, path: string): Message => (path ? msg('config-invalid.key.inSection', { key, section: section(path) }) : msg('config-invalid.key', { key }));

interface Walk {
  issues: ConfigIssue[];
  releases: KeyRelease[];
}

/** A type mismatch: the runner stops with `toml: line N (last key …): incompatible types…`. */
function refused(key: string, v: unknown, node: SchemaNode, path: string): ConfigIssue {
  const dst = DESTINATION[node.type] ?? '?';
  const runner = node.type === 'table' ? `type mismatch: expected table but found ${goType(v)}` : `incompatible types: TOML value has type ${goType(v)}; destination has type ${dst}`;
  return { severity: 'error', ...issueText('refused', { key, words: words(node.type), goType: goType(v), runner }), path };
}

/** The first leaf under a table value, as a dotted key (`net.ipv4.ip_forward`). */
function firstLeaf(v: Record<string, unknown>, prefix: string): string {
  const [k, inner] = Object.entries(v)[0] ?? ['', undefined];
  const here = prefix ? `${prefix}.${k}` : k;
  return isTable(inner) ? firstLeaf(inner, here) : here;
}

function checkValue(key: string, v: unknown, node: SchemaNode, path: string, w: Walk): void {
  switch (node.type) {
    case 'any':
      return;
    case 'string':
      if (typeof v !== 'string') w.issues.push(refused(key, v, node, path));
      return;
    case 'bool':
      if (typeof v !== 'boolean') w.issues.push(refused(key, v, node, path));
      return;
    case 'float':
      if (typeof v !== 'number' && typeof v !== 'bigint') w.issues.push(refused(key, v, node, path));
      return;
    case 'int':
      if (typeof v !== 'bigint') w.issues.push(refused(key, v, node, path));
      else if (node.bits && (v >= 1n << BigInt(node.unsigned ? node.bits : node.bits - 1) || v < (node.unsigned ? 0n : -(1n << BigInt(node.bits - 1))))) {
        w.issues.push({ severity: 'error', ...issueText('outOfRange', { key, value: String(v), goType: `${node.unsigned ? 'uint' : 'int'}${node.bits}` }), path });
      }
      return;
    case 'duration':
      if (typeof v === 'string' && !GO_DURATION.test(v)) w.issues.push({ severity: 'error', ...issueText('duration', { key, value: v }), path });
      else if (typeof v !== 'string' && typeof v !== 'bigint') w.issues.push(refused(key, v, node, path));
      return;
    case 'time':
      if (!(v instanceof Date) && !(typeof v === 'string' && !Number.isNaN(Date.parse(v)))) w.issues.push(refused(key, v, node, path));
      return;
    case 'text':
      if (isTable(v) || Array.isArray(v)) w.issues.push(refused(key, v, node, path));
      return;
    case 'string-or-strings':
      if (!(typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string')))) {
        w.issues.push({ severity: 'error', ...issueText('stringOrArray', { key, goType: goType(Array.isArray(v) ? v.find((x) => typeof x !== 'string') : v) }), path });
      }
      return;
    case 'list':
      if (!Array.isArray(v)) w.issues.push(refused(key, v, node, path));
      else v.forEach((item, i) => checkValue(key, item, node.of!, `${path}[${i}]`, w));
      return;
    case 'map':
      if (!isTable(v)) return void w.issues.push(refused(key, v, node, path));
      for (const [k, item] of Object.entries(v)) {
        const of = node.of!;
        if (isTable(item) && of.type !== 'table' && of.type !== 'map' && of.type !== 'any') {
          const leaf = firstLeaf(item, k);
          w.issues.push({
            severity: 'error',
            ...issueText('dottedKey', { leaf, section: section(path), words: words(of.type), dst: DESTINATION[of.type] ?? of.type }),
            path: `${path}.${leaf}`,
          });
        } else checkValue(k, item, of, `${path}.${k}`, w);
      }
      return;
    case 'table':
      if (!isTable(v)) return void w.issues.push(refused(key, v, node, path));
      walk(v, node, path, w);
      return;
  }
}

/** Lower case without `_`/`-`: `pullPolicy`, `pull-policy` and `pull_policy` compare equal. */
const squash = (k: string) => k.toLowerCase().replace(/[_-]/g, '');

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

const currentKeys = (table: SchemaNode) => Object.entries(table.fields ?? {}).filter(([, f]) => !f.removedIn);

/** The nearest key the runner reads here, or the section one level up or down that has this key. */
function nearest(table: SchemaNode, parent: SchemaNode | undefined, path: string, key: string): Message {
  const lower = key.toLowerCase();
  for (const [name, f] of currentKeys(table)) {
    const inner = f.type === 'table' ? f : f.type === 'list' && f.of?.type === 'table' ? f.of : undefined;
    if (inner && currentKeys(inner).some(([k]) => k.toLowerCase() === lower)) return msg('config-invalid.nearest.belongs', { section: section(`${path}.${name}`) });
  }
  if (parent && path.includes('.') && currentKeys(parent).some(([k]) => k.toLowerCase() === lower)) return msg('config-invalid.nearest.belongs', { section: section(path.slice(0, path.lastIndexOf('.'))) });
  let best: [string, number] | undefined;
  for (const [name] of currentKeys(table)) {
    const d = editDistance(squash(name), squash(key));
    if (!best || d < best[1]) best = [name, d];
  }
  if (!best) return msg('config-invalid.nearest.none');
  return msg(best[1] <= Math.max(2, Math.floor(squash(key).length / 3)) ? 'config-invalid.nearest.didYouMean' : 'config-invalid.nearest.closest', { key: best[0] });
}

function walk(value: Record<string, unknown>, table: SchemaNode, path: string, w: Walk, parent?: SchemaNode): void {
  for (const [key, v] of Object.entries(value)) {
    const here = path ? `${path}.${key}` : key;
    if (key === 'shell' && isTable(v) && /^runners\[\d+\]$/.test(path)) {
      // `[runners.shell.env]`, from generic advice: explained as such.
      w.issues.push({ severity: 'error', ...issueText('shellTable', { mistake: msg('config-invalid.mistake.shell_env') }), path: here });
      continue;
    }
    const { current, removed } = fieldOf(table, key);
    if (current) {
      const f = current.field;
      const formReadIn = f.types ? readRanges(f.types, v) : undefined;
      if (f.since !== SCHEMA_HISTORY_FROM || formReadIn) w.releases.push({ path: here, key: current.key, since: f.since, ...(formReadIn ? { formReadIn } : {}) });
      checkJsonSchema(current.key, v, f, here, w);
      const before = w.issues.length;
      if (f.type === 'table' && isTable(v)) walk(v, f, here, w, table);
      else checkValue(key, v, f, here, w);
      // A form an older runner read: said, so a runner of those releases is not told it refuses it.
      for (const issue of w.issues.slice(before)) {
        if (issue.severity !== 'error' || !(issue.path === here || issue.path?.startsWith(`${here}[`)) || !formReadIn?.length) continue;
        Object.assign(issue, said(msg('config-invalid.issue.formsRead', { issue: issue.text, ranges: list(formReadIn.map(rangeMessage), 'comma') })));
        issue.formReadIn = formReadIn;
      }
      continue;
    }
    if (removed) {
      const f: SchemaField = removed.field;
      const instead = REPLACED_BY[removed.key];
      w.issues.push({
        severity: 'warning',
        ...issueText(instead ? 'removed.instead' : 'removed', { key: inSection(key, path), removedIn: f.removedIn!, instead }),
        path: here,
        removedIn: f.removedIn!,
      });
      continue;
    }
    if (GITLAB_SIDE_SETTINGS.includes(key) && /^runners\[\d+\]$/.test(path)) {
      w.issues.push({
        severity: 'warning',
        ...issueText('gitlabSide', { key, flag: key.replace(/_/g, '-') }),
        path: here,
      });
      continue;
    }
    if (key === 'state_file') {
      w.issues.push({ severity: 'warning', ...said(msg('config-invalid.mistake.state_file')), path: here });
      continue;
    }
    w.issues.push({
      severity: 'warning',
      ...issueText('unknown', { key: inSection(key, path), version: SCHEMA_SOURCE.version, nearest: nearest(table, parent, path, key) }),
      path: here,
    });
  }
}

/** The rules the runner logs after loading (`jsonschema:` tags in common/config.go). */
function checkJsonSchema(key: string, v: unknown, field: SchemaField, path: string, w: Walk): void {
  const c = field.check;
  if (!c) return;
  const P = 'config-invalid.jsonschema';
  const problem =
    (c.enum && typeof v === 'string' && !c.enum.includes(v) && msg(`${P}.oneOf`, { values: c.enum.filter(Boolean).join(', ') })) ||
    (c.minLength !== undefined && typeof v === 'string' && v.length < c.minLength && msg(`${P}.notEmpty`)) ||
    (c.minimum !== undefined && typeof v === 'bigint' && v < BigInt(c.minimum) && msg(`${P}.atLeast`, { min: String(c.minimum) })) ||
    (c.minimum !== undefined && field.type === 'duration' && typeof v === 'string' && GO_DURATION.test(v) && goDurationNs(v) < c.minimum && msg(`${P}.atLeast`, { min: `${c.minimum / 1e9}s` }));
  if (problem) w.issues.push({ severity: 'warning', ...issueText('jsonschema', { key, problem }), path });
}

function goDurationNs(v: string): number {
  const unit: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, μs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
  let total = 0;
  for (const m of v.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) total += Number(m[1]) * unit[m[2]!]!;
  return v.startsWith('-') ? -total : total;
}

/** Schema check (as the runner decodes) plus the checks the runner makes when it loads the file. */
export function lintConfig(doc: Record<string, unknown>, fact: RunnerConfigFact): { issues: ConfigIssue[]; releases: KeyRelease[] } {
  const w: Walk = { issues: [], releases: [] };
  walk(doc, CONFIG_SCHEMA, '', w);
  w.issues.push(...runnerLoadChecks(doc, fact));
  return { issues: w.issues, releases: w.releases };
}

/** Release ranges whose decoder takes the value's form, for a key whose type changed. */
function readRanges(types: { since: string; type: string }[], v: unknown): ReleaseRange[] {
  const ranges: ReleaseRange[] = [];
  types.forEach((era, i) => {
    if (!fitsForm(era.type, v)) return;
    const until = types[i + 1]?.since;
    const last = ranges[ranges.length - 1];
    if (last && last.until === era.since) {
      if (until) last.until = until;
      else delete last.until;
    } else ranges.push({ from: era.since, ...(until ? { until } : {}) });
  });
  return ranges;
}
