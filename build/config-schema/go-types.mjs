// Reads the type declarations of a Go source file: enough of Go to follow gitlab-runner's
// config structs (struct fields with their tags, slices, maps, pointers, named and qualified
// types), plus which types have methods and the body of named functions. Not a Go compiler:
// expressions are skipped by bracket matching.

/** Tokens: identifiers, numbers, strings (raw and interpreted), punctuation and newlines. */
export function tokenize(src) {
  const out = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '\n') {
      out.push({ t: 'nl' });
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') i++;
    else if (c === '/' && src[i + 1] === '/') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      const body = src.slice(i, end < 0 ? src.length : end);
      if (body.includes('\n')) out.push({ t: 'nl' });
      i = end < 0 ? src.length : end + 2;
    } else if (c === '`') {
      const end = src.indexOf('`', i + 1);
      out.push({ t: 'str', v: src.slice(i + 1, end) });
      i = end + 1;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < src.length && src[j] !== c) j += src[j] === '\\' ? 2 : 1;
      out.push({ t: 'str', v: src.slice(i + 1, j) });
      i = j + 1;
    } else if (/[A-Za-z_\u0080-\uffff]/.test(c)) {
      let j = i + 1;
      while (j < src.length && /[A-Za-z0-9_\u0080-\uffff]/.test(src[j])) j++;
      out.push({ t: 'id', v: src.slice(i, j) });
      i = j;
    } else if (/[0-9]/.test(c)) {
      let j = i + 1;
      while (j < src.length && /[0-9A-Za-z_.]/.test(src[j])) j++;
      out.push({ t: 'num', v: src.slice(i, j) });
      i = j;
    } else {
      out.push({ t: 'p', v: c });
      i++;
    }
  }
  return out;
}

const OPEN = { '(': ')', '[': ']', '{': '}' };

/** Index just past the bracket group that starts at `i`. */
function skipGroup(toks, i) {
  const stack = [];
  for (let j = i; j < toks.length; j++) {
    const k = toks[j];
    if (k.t !== 'p') continue;
    if (OPEN[k.v]) stack.push(OPEN[k.v]);
    else if (k.v === stack[stack.length - 1]) {
      stack.pop();
      if (!stack.length) return j + 1;
    }
  }
  return toks.length;
}

const is = (k, v) => k && k.t === 'p' && k.v === v;

/** Parses a struct tag (`toml:"a,omitempty" json:"b"`) into { toml: 'a,omitempty', json: 'b' }. */
export function parseTag(raw) {
  const tags = {};
  for (const m of raw.matchAll(/([A-Za-z_]+):"((?:[^"\\]|\\.)*)"/g)) tags[m[1]] = m[2];
  return tags;
}

class TypeParser {
  constructor(toks) {
    this.toks = toks;
    this.i = 0;
  }
  peek(o = 0) {
    return this.toks[this.i + o];
  }
  skipNl() {
    while (this.peek()?.t === 'nl' || is(this.peek(), ';')) this.i++;
  }
  /** A type expression at the cursor. */
  type() {
    const k = this.peek();
    if (!k) return { kind: 'unknown' };
    if (is(k, '*')) {
      this.i++;
      return { kind: 'ptr', elem: this.type() };
    }
    if (is(k, '[')) {
      if (is(this.peek(1), ']')) {
        this.i += 2;
        return { kind: 'slice', elem: this.type() };
      }
      this.i = skipGroup(this.toks, this.i);
      return { kind: 'slice', elem: this.type(), fixed: true };
    }
    if (k.t !== 'id') {
      this.i++;
      return { kind: 'unknown' };
    }
    if (k.v === 'map') {
      this.i++;
      this.i++; // [
      const key = this.type();
      this.i++; // ]
      return { kind: 'map', key, elem: this.type() };
    }
    if (k.v === 'struct') {
      this.i++;
      return { kind: 'struct', fields: this.fields() };
    }
    if (k.v === 'interface') {
      this.i++;
      this.i = skipGroup(this.toks, this.i);
      return { kind: 'interface' };
    }
    if (k.v === 'func') {
      this.i++;
      this.i = skipGroup(this.toks, this.i);
      while (this.peek() && this.peek().t !== 'nl' && !is(this.peek(), '`') && this.peek().t !== 'str' && !is(this.peek(), '}')) {
        if (OPEN[this.peek().v]) this.i = skipGroup(this.toks, this.i);
        else this.i++;
      }
      return { kind: 'func' };
    }
    if (k.v === 'chan') {
      this.i++;
      return { kind: 'chan', elem: this.type() };
    }
    this.i++;
    let pkg;
    let name = k.v;
    if (is(this.peek(), '.') && this.peek(1)?.t === 'id') {
      pkg = name;
      name = this.peek(1).v;
      this.i += 2;
    }
    if (is(this.peek(), '[')) this.i = skipGroup(this.toks, this.i); // generic arguments
    return { kind: 'named', pkg, name };
  }
  /** `{ field lines }` of a struct. */
  fields() {
    const fields = [];
    this.i++; // {
    for (;;) {
      this.skipNl();
      const k = this.peek();
      if (!k || is(k, '}')) {
        this.i++;
        return fields;
      }
      const start = this.i;
      const names = [];
      let embedded = false;
      if (is(k, '*')) embedded = true;
      else if (k.t === 'id') {
        const next = this.peek(1);
        if (is(next, '.') || next?.t === 'nl' || next?.t === 'str' || is(next, '}') || is(next, ';')) embedded = true;
      }
      let type;
      if (embedded) type = this.type();
      else {
        names.push(this.peek().v);
        this.i++;
        while (is(this.peek(), ',')) {
          names.push(this.peek(1).v);
          this.i += 2;
        }
        type = this.type();
      }
      let tag = {};
      if (this.peek()?.t === 'str') {
        tag = parseTag(this.peek().v);
        this.i++;
      }
      if (this.i === start) this.i++;
      if (embedded) {
        const base = type.kind === 'ptr' ? type.elem : type;
        fields.push({ name: base.name ?? '?', type, tag, embedded: true });
      } else for (const name of names) fields.push({ name, type, tag, embedded: false });
    }
  }
}

/**
 * One file's declarations: package name, imports (alias → path), type declarations
 * (name → type expression), methods per receiver type, top-level function bodies (tokens) and
 * constants set to a single literal.
 */
export function parseGoFile(src) {
  const toks = tokenize(src);
  const file = { pkg: '', imports: {}, types: {}, methods: {}, funcs: {}, consts: {} };
  const p = new TypeParser(toks);
  const importSpec = () => {
    let alias;
    if (p.peek().t === 'id' || is(p.peek(), '_') || is(p.peek(), '.')) {
      alias = p.peek().v;
      p.i++;
    }
    const path = p.peek().v;
    p.i++;
    file.imports[alias ?? path.split('/').pop()] = path;
  };
  const typeSpec = () => {
    const name = p.peek().v;
    p.i++;
    if (is(p.peek(), '[') && p.peek(1)?.t === 'id' && p.peek(2)?.t === 'id') p.i = skipGroup(toks, p.i); // type parameters
    if (is(p.peek(), '=')) p.i++;
    file.types[name] = p.type();
  };
  while (p.i < toks.length) {
    const k = p.peek();
    if (k.t !== 'id') {
      if (k.t === 'p' && OPEN[k.v]) p.i = skipGroup(toks, p.i);
      else p.i++;
      continue;
    }
    p.i++;
    if (k.v === 'package') {
      file.pkg = p.peek().v;
      p.i++;
    } else if (k.v === 'import') {
      if (is(p.peek(), '(')) {
        p.i++;
        for (p.skipNl(); !is(p.peek(), ')'); p.skipNl()) importSpec();
        p.i++;
      } else importSpec();
    } else if (k.v === 'type') {
      if (is(p.peek(), '(')) {
        p.i++;
        for (p.skipNl(); !is(p.peek(), ')'); p.skipNl()) typeSpec();
        p.i++;
      } else typeSpec();
    } else if (k.v === 'func') {
      let receiver;
      if (is(p.peek(), '(')) {
        const end = skipGroup(toks, p.i);
        receiver = toks.slice(p.i, end).filter((t) => t.t === 'id').pop()?.v;
        p.i = end;
      }
      const name = p.peek()?.v;
      p.i++;
      while (p.i < toks.length && !is(p.peek(), '{')) p.i = OPEN[p.peek().v] && p.peek().t === 'p' ? skipGroup(toks, p.i) : p.i + 1;
      const end = skipGroup(toks, p.i);
      if (receiver) (file.methods[receiver] ??= new Set()).add(name);
      else file.funcs[name] = toks.slice(p.i, end);
      p.i = end;
    } else if (k.v === 'var' || k.v === 'const') {
      const end = is(p.peek(), '(') ? skipGroup(toks, p.i) : p.i;
      // Constants given a single literal (`name = "…"`, `name = 32`), for rules the runner checks.
      for (let j = p.i; j < end - 2; j++) {
        const [name, eq, value, after] = [toks[j], toks[j + 1], toks[j + 2], toks[j + 3]];
        if (k.v === 'const' && name.t === 'id' && is(eq, '=') && (value.t === 'str' || value.t === 'num') && (after?.t === 'nl' || is(after, ')'))) {
          file.consts[name.v] = value.t === 'num' ? Number(value.v) : value.v;
        }
      }
      if (end > p.i) p.i = end;
      else while (p.i < toks.length && p.peek().t !== 'nl') p.i = p.peek().t === 'p' && OPEN[p.peek().v] ? skipGroup(toks, p.i) : p.i + 1;
    }
  }
  return file;
}

/**
 * Field values set by a composite literal `&Name{ Field: value, … }` in a function body:
 * { Field: number | boolean | string | { expr } } (nested literals become objects).
 */
export function literalFields(tokens, typeName) {
  const start = tokens.findIndex((t, i) => t.t === 'id' && t.v === typeName && is(tokens[i + 1], '{'));
  if (start < 0) return undefined;
  return fieldsAt(tokens, start + 1);
}

function fieldsAt(tokens, open) {
  const end = skipGroup(tokens, open);
  const values = {};
  let i = open + 1;
  while (i < end - 1) {
    if (tokens[i].t === 'id' && is(tokens[i + 1], ':')) {
      const name = tokens[i].v;
      let j = i + 2;
      const from = j;
      while (j < end - 1 && !is(tokens[j], ',')) j = tokens[j].t === 'p' && OPEN[tokens[j].v] ? skipGroup(tokens, j) : j + 1;
      const value = tokens.slice(from, j).filter((t) => t.t !== 'nl');
      if (value.length === 1 && value[0].t === 'num' && /^-?\d+$/.test(value[0].v)) values[name] = Number(value[0].v);
      else if (value.length === 1 && value[0].t === 'id' && /^(true|false)$/.test(value[0].v)) values[name] = value[0].v === 'true';
      else if (value.length === 1 && value[0].t === 'str') values[name] = value[0].v;
      else if (value.length >= 2 && value[0].t === 'id' && is(value[1], '{')) values[name] = fieldsAt(tokens, from + tokens.slice(from).findIndex((t) => is(t, '{')));
      else values[name] = { expr: value.map((t) => t.v ?? '').join('') };
      i = j + 1;
    } else i++;
  }
  return values;
}
