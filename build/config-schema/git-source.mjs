// Reads Go packages of one gitlab-runner revision straight from its git directory (a checkout
// or a bare clone), without a work tree.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseGoFile } from './go-types.mjs';

/** The git directory of a checkout (`…/gitlab-runner`) or of a bare clone. */
export function gitDirOf(path) {
  return existsSync(join(path, '.git')) ? join(path, '.git') : path;
}

export function git(gitDir, args, input) {
  return gitBytes(gitDir, args, input).toString('utf8');
}

function gitBytes(gitDir, args, input) {
  const r = spawnSync('git', ['--git-dir', gitDir, ...args], { input, maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr.toString().trim()}`);
  return r.stdout;
}

/** Release tags vX.Y.Z (no pre-releases), oldest first. */
export function releaseTags(gitDir) {
  const tags = git(gitDir, ['tag', '--list', 'v*']).split('\n').filter((t) => /^v\d+\.\d+\.\d+$/.test(t));
  return tags.sort((a, b) => compare(parse(a), parse(b)));
}

export const parse = (tag) => tag.slice(1).split('.').map(Number);
export const compare = (a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** Module path prefixes gitlab-runner has used for its own packages. */
const OWN = /^gitlab\.com\/gitlab-org\/gitlab-(?:ci-multi-)?runner\/(.+)$/;

/**
 * Packages of one revision, loaded on demand: `pkg(dir)` parses every non-test .go file of a
 * directory into { name, types, methods, funcs, fileOf(type) → file (for its imports) }.
 */
export function revisionSource(gitDir, rev) {
  const cache = new Map();
  const read = (paths) => {
    if (!paths.length) return [];
    const out = gitBytes(gitDir, ['cat-file', '--batch'], paths.map((p) => `${rev}:${p}`).join('\n') + '\n');
    const files = [];
    let at = 0;
    for (let n = 0; n < paths.length; n++) {
      const nl = out.indexOf(10, at);
      const size = Number(out.subarray(at, nl).toString().split(' ')[2]);
      files.push(out.subarray(nl + 1, nl + 1 + size).toString('utf8'));
      at = nl + 1 + size + 1;
    }
    return files;
  };
  const pkg = (dir) => {
    if (cache.has(dir)) return cache.get(dir);
    let names = [];
    try {
      names = git(gitDir, ['ls-tree', '--name-only', rev, `${dir}/`]).split('\n').filter((n) => n.endsWith('.go') && !n.endsWith('_test.go'));
    } catch {
      names = [];
    }
    const result = { dir, name: dir.split('/').pop(), types: {}, methods: {}, funcs: {}, consts: {}, fileOfType: {} };
    read(names).forEach((src) => {
      const f = parseGoFile(src);
      if (f.pkg) result.name = f.pkg;
      for (const [t, expr] of Object.entries(f.types)) {
        result.types[t] = expr;
        result.fileOfType[t] = f;
      }
      for (const [t, ms] of Object.entries(f.methods)) for (const m of ms) (result.methods[t] ??= new Set()).add(m);
      Object.assign(result.funcs, f.funcs);
      Object.assign(result.consts, f.consts);
    });
    cache.set(dir, result);
    return result;
  };
  /** The package a qualified name refers to from `file`, if it is one of the runner's own. */
  const imported = (file, alias) => {
    const own = (path) => OWN.exec(path ?? '')?.[1];
    const direct = own(file?.imports[alias]);
    if (direct) return pkg(direct);
    // An import without an alias is known by its package clause, which may differ from its directory.
    const dirs = Object.values(file?.imports ?? {}).map(own).filter(Boolean);
    return dirs.map(pkg).find((p) => p.name === alias);
  };
  const commit = git(gitDir, ['rev-list', '-n', '1', rev]).trim();
  return { rev, commit, pkg, imported };
}
