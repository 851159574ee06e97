// Turns gitlab-runner's Go config structs into the shape its TOML decoder (BurntSushi/toml)
// accepts: which keys each table has, and what each value may be. Decoding rules followed:
// a field's key is its `toml:` tag name, or the Go field name when the tag has none; `toml:"-"`
// and unexported fields are not read; embedded structs without a tag name are flattened
// (the shallower field wins); time.Duration takes an integer (ns) or a Go duration string;
// types with UnmarshalTOML or UnmarshalText decode themselves.
import { literalFields } from './go-types.mjs';

const INTS = { int: 64, int64: 64, int32: 32, int16: 16, int8: 8, uint: 64, uint64: 64, uint32: 32, uint16: 16, uint8: 8, byte: 8, rune: 32, uintptr: 64 };

/** Types of other modules that config structs use, by their underlying kind. */
const EXTERNAL = {
  'time.Duration': { type: 'duration' },
  'time.Time': { type: 'time' },
  'json.Number': { type: 'string' },
  'api.Capability': { type: 'string' },
  'api.ProcMountType': { type: 'string' },
  'api.DNSPolicy': { type: 'string' },
  'api.PullPolicy': { type: 'string' },
  'v1.Capability': { type: 'string' },
  'v1.ProcMountType': { type: 'string' },
  'url.URL': { type: 'any' },
};

/** Rules from `jsonschema:` tags (what the runner checks after loading, as warnings). */
function checksOf(tag) {
  const raw = tag.jsonschema;
  if (!raw) return undefined;
  const check = {};
  for (const part of raw.split(',')) {
    const [k, v = ''] = part.split('=');
    if (k === 'minimum' || k === 'maximum' || k === 'minLength' || k === 'maxLength') check[k] = Number(v);
    else if (k === 'enum') (check.enum ??= []).push(v);
  }
  return Object.keys(check).length ? check : undefined;
}

export function schemaOf(source, rootDir = 'common', rootType = 'Config') {
  const inProgress = new Set();

  const resolveNamed = (expr, pkg, file) => {
    if (!expr.pkg) {
      if (expr.name === 'string') return { type: 'string' };
      if (expr.name === 'bool') return { type: 'bool' };
      if (expr.name in INTS) return { type: 'int', ...(INTS[expr.name] < 64 ? { bits: INTS[expr.name] } : {}), ...(expr.name.startsWith('u') ? { unsigned: true } : {}) };
      if (expr.name === 'float32' || expr.name === 'float64') return { type: 'float' };
      if (expr.name === 'any' || expr.name === 'error') return { type: 'any' };
      return local(pkg, expr.name);
    }
    const key = `${expr.pkg}.${expr.name}`;
    if (EXTERNAL[key]) return { ...EXTERNAL[key] };
    const other = source.imported(file, expr.pkg);
    if (other) return local(other, expr.name);
    return { type: 'any', external: key };
  };

  const local = (pkg, name) => {
    const decl = pkg.types[name];
    if (!decl) return { type: 'any', external: `${pkg.name}.${name}` };
    const methods = pkg.methods[name] ?? new Set();
    if (methods.has('UnmarshalTOML')) {
      if (name === 'StringOrArray') return { type: 'string-or-strings' };
      return { ...resolve(decl, pkg, pkg.fileOfType[name], name), decodedBy: `${pkg.name}.${name}.UnmarshalTOML` };
    }
    if (methods.has('UnmarshalText')) return { type: 'text' };
    const id = `${pkg.dir}.${name}`;
    if (inProgress.has(id)) return { type: 'any', recursive: name };
    inProgress.add(id);
    try {
      return resolve(decl, pkg, pkg.fileOfType[name], name);
    } finally {
      inProgress.delete(id);
    }
  };

  const resolve = (expr, pkg, file, name) => {
    switch (expr.kind) {
      case 'ptr':
        return resolve(expr.elem, pkg, file);
      case 'slice': {
        const of = resolve(expr.elem, pkg, file);
        return of.type === 'int' && of.bits === 8 && of.unsigned ? { type: 'string' } : { type: 'list', of };
      }
      case 'map':
        return { type: 'map', of: resolve(expr.elem, pkg, file) };
      case 'struct':
        return table(expr.fields, pkg, file, name);
      case 'named':
        return resolveNamed(expr, pkg, file);
      case 'interface':
        return { type: 'any' };
      default:
        return { type: 'any', unsupported: expr.kind };
    }
  };

  const table = (fields, pkg, file, name) => {
    const found = new Map(); // lower-case key → { key, depth, node }
    const add = (key, depth, node) => {
      const prev = found.get(key.toLowerCase());
      if (!prev || prev.depth > depth) found.set(key.toLowerCase(), { key, depth, node });
    };
    const walk = (fs, depth, p, f) => {
      for (const field of fs) {
        const tagName = (field.tag.toml ?? '').split(',')[0];
        if (tagName === '-') continue;
        if (field.embedded && !tagName) {
          const node = resolve(field.type, p, f);
          if (node.type === 'table') {
            for (const [k, v] of Object.entries(node.fields)) add(k, depth + v.depth + 1, v.node);
            continue;
          }
        }
        if (!field.embedded && !/^[A-Z]/.test(field.name)) continue;
        const node = resolve(field.type, p, f);
        const check = checksOf(field.tag);
        add(tagName || field.name, depth, { ...node, go: field.name, ...(check ? { check } : {}) });
      }
    };
    walk(fields, 0, pkg, file);
    const out = {};
    for (const { key, depth, node } of found.values()) out[key] = { depth, node };
    // Flattened-struct bookkeeping stays internal; callers see plain fields.
    return { type: 'table', ...(name ? { struct: `${pkg.name}.${name}` } : {}), fields: out };
  };

  const root = local(source.pkg(rootDir), rootType);
  return strip(root);
}

/** Drops the embedding depth kept while flattening. */
function strip(node) {
  if (node.type === 'table') return { ...node, fields: Object.fromEntries(Object.entries(node.fields).map(([k, v]) => [k, strip(v.node ?? v)])) };
  if (node.of) return { ...node, of: strip(node.of) };
  return node;
}

/** Values a constructor sets before the file is decoded (`func NewConfig` → `&Config{…}`). */
export function defaultsOf(source, schema, rootDir = 'common', rootType = 'Config') {
  const pkg = source.pkg(rootDir);
  const body = pkg.funcs[`New${rootType}`];
  if (!body) return {};
  const values = literalFields(body, rootType) ?? {};
  const toKeys = (vals, node) => {
    const out = {};
    for (const [goName, v] of Object.entries(vals)) {
      const entry = Object.entries(node?.fields ?? {}).find(([, f]) => f.go === goName);
      if (!entry) continue;
      out[entry[0]] = v && typeof v === 'object' && !('expr' in v) ? toKeys(v, entry[1]) : v;
    }
    return out;
  };
  return toKeys(values, schema);
}

/** Label rules the runner enforces when it loads the file (common/labels.go), when it has labels. */
export function labelRulesOf(source, rootDir = 'common') {
  const c = source.pkg(rootDir).consts;
  if (typeof c.labelKeyAllowedPattern !== 'string') return undefined;
  return { keyPattern: c.labelKeyAllowedPattern, valuePattern: c.labelValueAllowedPattern, max: c.maxAllowedNumberOfLabels };
}
