// Generates the config.toml schema Runner Doctor lints with, from gitlab-runner's own source:
// the Go structs behind config.toml (common/config.go and the packages it embeds), at a release
// tag, with the release each key first appeared in and, for keys the runner no longer reads,
// the release that dropped them (every minor release from 1.0 is read from the git history).
//
//   node build/gen-config-schema.mjs PATH [--rev vX.Y.Z] [--out FILE]
//
// PATH is a gitlab-runner checkout or git directory with its release tags
// (git clone https://gitlab.com/gitlab-org/gitlab-runner.git). --rev defaults to the newest
// release tag. See docs/diagnosis.md, "Regenerating the config.toml schema".
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { compare, gitDirOf, parse, releaseTags, revisionSource } from './config-schema/git-source.mjs';
import { defaultsOf, labelRulesOf, schemaOf } from './config-schema/schema-from-go.mjs';

const OUT = 'electron/core/diagnosis/extract/config-schema.generated.json';
const FIRST = 'v1.0.0';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { rev: { type: 'string' }, out: { type: 'string', default: OUT } } });
if (positionals.length !== 1) {
  process.stderr.write('usage: node build/gen-config-schema.mjs PATH-TO-GITLAB-RUNNER [--rev vX.Y.Z] [--out FILE]\n');
  process.exit(2);
}
const gitDir = gitDirOf(positionals[0]);
const tags = (() => {
  try {
    return releaseTags(gitDir);
  } catch (err) {
    process.stderr.write(`gen-config-schema: ${positionals[0]} is not a gitlab-runner checkout or git directory (${err.message.split('\n')[0]})\n`);
    process.exit(1);
  }
})();
const target = values.rev ?? tags[tags.length - 1];
if (!tags.includes(target)) {
  process.stderr.write(`gen-config-schema: ${target} is not a release tag of ${gitDir}\n`);
  process.exit(1);
}
const label = (tag) => (tag.endsWith('.0') ? tag.slice(1, -2) : tag.slice(1));

// Every minor release from 1.0 up to the target, then the target itself.
const walked = tags.filter((t) => t.endsWith('.0') && compare(parse(t), parse(FIRST)) >= 0 && compare(parse(t), parse(target)) < 0);
walked.push(target);

const schemas = walked.map((tag) => {
  const schema = schemaOf(revisionSource(gitDir, tag));
  process.stderr.write(`${tag}: ${flatten(schema).size} keys\n`);
  return schema;
});
const newest = schemas[schemas.length - 1];
const source = revisionSource(gitDir, target);

/** Every key path (`runners[].docker.image`), lower-cased as the decoder matches them → node. */
function flatten(node, prefix = '', out = new Map()) {
  if (node.type === 'table') {
    for (const [key, child] of Object.entries(node.fields)) {
      const path = prefix ? `${prefix}.${key}` : key;
      out.set(path.toLowerCase(), { path, node: child });
      flatten(child, path, out);
    }
  } else if (node.type === 'list' || node.type === 'map') flatten(node.of, `${prefix}${node.type === 'list' ? '[]' : '{}'}`, out);
  return out;
}

/** The table a (lower-case) path's key lives in, within `root`. */
function parentTable(root, lowerPath) {
  const segments = lowerPath.split('.');
  segments.pop();
  let node = root;
  for (const seg of segments) {
    const [, key, suffix] = /^([^[{]+)((?:\[\]|\{\})*)$/.exec(seg) ?? [];
    const entry = node?.type === 'table' ? Object.entries(node.fields).find(([k]) => k.toLowerCase() === key) : undefined;
    node = entry?.[1];
    for (let i = 0; i < (suffix?.length ?? 0) / 2; i++) node = node?.of;
  }
  return node?.type === 'table' ? node : undefined;
}

const flats = schemas.map((s) => flatten(s));
const presence = new Map();
flats.forEach((flat, i) => {
  for (const p of flat.keys()) (presence.get(p) ?? presence.set(p, new Set()).get(p)).add(i);
});
const sinceOf = (seen, last) => {
  let s = last;
  while (s > 0 && seen.has(s - 1)) s--;
  return label(walked[s]);
};

const finalFlat = flatten(newest);
for (const [p, { node }] of finalFlat) node.since = sinceOf(presence.get(p), walked.length - 1);

/** A value's shape as the decoder of one release takes it (`list<string>`, `custom` for UnmarshalTOML). */
const shape = (n) => (n.decodedBy ? 'custom' : n.type === 'list' || n.type === 'map' ? `${n.type}<${shape(n.of)}>` : n.type);

// Keys whose type changed: the form each release range reads, so a value can be judged per runner.
for (const [p, { node }] of finalFlat) {
  const eras = [];
  flats.forEach((flat, i) => {
    const entry = flat.get(p);
    if (!entry) return;
    const type = shape(entry.node);
    if (eras[eras.length - 1]?.type !== type) eras.push({ since: label(walked[i]), type });
  });
  if (eras.length > 1) node.types = eras;
}

// Keys an older release read and the target does not: kept, marked with the release that dropped them.
const removed = [...presence.keys()].filter((p) => !finalFlat.has(p)).sort((a, b) => a.split('.').length - b.split('.').length);
for (const p of removed) {
  const seen = presence.get(p);
  const last = Math.max(...seen);
  const table = parentTable(newest, p);
  if (!table) continue;
  const { path, node } = flats[last].get(p);
  const key = path.slice(path.lastIndexOf('.') + 1);
  if (!Object.keys(table.fields).some((k) => k.toLowerCase() === key.toLowerCase())) table.fields[key] = structuredClone(node);
  const placed = Object.entries(table.fields).find(([k]) => k.toLowerCase() === key.toLowerCase())[1];
  placed.since = sinceOf(seen, last);
  placed.removedIn = label(walked[last + 1]);
}

const output = {
  $comment: `Generated by build/gen-config-schema.mjs from gitlab-runner ${target}. Do not edit; regenerate (docs/diagnosis.md).`,
  runner: { version: target.slice(1), tag: target, commit: source.commit, repository: 'https://gitlab.com/gitlab-org/gitlab-runner' },
  history: { from: label(walked[0]), releases: walked.map(label) },
  defaults: defaultsOf(source, newest),
  labels: labelRulesOf(source),
  schema: newest,
};
writeFileSync(values.out, JSON.stringify(output, null, 1) + '\n');
process.stderr.write(`wrote ${values.out}: ${finalFlat.size} keys read by ${target}, ${removed.length} no longer read\n`);
