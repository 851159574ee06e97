import type { Facts, Located } from '../facts';
import { excerptOf } from '../scan/fields';
import { isRecord, num, parseStructured, str } from './structured';

export interface ContainerEngineFact extends Located {
  engine: 'podman' | 'docker';
  version?: string;
  rootless?: boolean;
  graphRoot?: string;
  graphRootAllocated?: number;
  graphRootUsed?: number;
}

export interface ImageFact extends Located {
  repository: string;
  tag: string;
  id: string;
}

const loc = (file: string, lines: string[], i: number): Located => ({ file, line: i + 1, excerpt: excerptOf(lines[i] ?? '') });

/** `podman info` (YAML by default, JSON with --format json). */
export function extractPodmanInfo(file: string, text: string, facts: Facts): void {
  const [doc] = parseStructured(text);
  const v = doc?.value;
  if (!doc || !isRecord(v)) return;
  const host = isRecord(v.host) ? v.host : {};
  const security = isRecord(host.security) ? host.security : {};
  const store = isRecord(v.store) ? v.store : {};
  const version = isRecord(v.version) ? str(v.version.Version) : undefined;
  const path = version ? ['version', 'Version'] : ['host'];
  const fact: ContainerEngineFact = {
    engine: 'podman',
    ...(version ? { version } : {}),
    ...(typeof security.rootless === 'boolean' ? { rootless: security.rootless } : {}),
    ...(str(store.graphRoot) ? { graphRoot: str(store.graphRoot)! } : {}),
    ...(num(store.graphRootAllocated) !== undefined ? { graphRootAllocated: num(store.graphRootAllocated)! } : {}),
    ...(num(store.graphRootUsed) !== undefined ? { graphRootUsed: num(store.graphRootUsed)! } : {}),
    file,
    line: doc.lineAt(typeof security.rootless === 'boolean' ? ['host', 'security', 'rootless'] : path),
    excerpt: doc.excerptAt(typeof security.rootless === 'boolean' ? ['host', 'security', 'rootless'] : path),
  };
  facts.host.containerEngines.push(fact);
  if (version) facts.versions.push({ product: 'podman', version, via: '`podman info`', file, line: doc.lineAt(path), excerpt: doc.excerptAt(path) });
}

/** `docker info` (text or --format json). A podman-docker shim answers with podman's own info. */
export function extractDockerInfo(file: string, text: string, facts: Facts): void {
  const lines = text.split('\n');
  if (/^\s*\{/.test(text)) {
    const [doc] = parseStructured(text);
    const v = doc?.value;
    if (!doc || !isRecord(v)) return;
    const podman = /podman/i.test(`${str(v.Name) ?? ''} ${str(v.OperatingSystem) ?? ''} ${JSON.stringify(v.Runtimes ?? '')}`);
    const version = str(v.ServerVersion);
    facts.host.containerEngines.push({ engine: podman ? 'podman' : 'docker', ...(version ? { version } : {}), file, line: doc.lineAt(['ServerVersion']), excerpt: doc.excerptAt(['ServerVersion']) });
    return;
  }
  const i = lines.findIndex((l) => /^\s*Server Version:/.test(l));
  const version = i >= 0 ? /Server Version:\s*(\S+)/.exec(lines[i]!)?.[1] : undefined;
  const podman = /Emulate Docker CLI using podman|^\s*buildahVersion:/m.test(text);
  facts.host.containerEngines.push({ engine: podman ? 'podman' : 'docker', ...(version ? { version } : {}), ...loc(file, lines, Math.max(0, i)) });
}

/** One image object and where its fields sit: in an array each field has its own line, one object per line shares it. */
interface JsonImage {
  item: Record<string, unknown>;
  lineOf: (field: string, index?: number) => number;
}

/** `podman images --format json` / `docker images --format json` (array or one object per line). */
function jsonImages(file: string, text: string, engine: 'podman' | 'docker', facts: Facts): void {
  const lines = text.split('\n');
  const trimmed = text.trim();
  const items: JsonImage[] = [];
  if (trimmed.startsWith('[')) {
    const [doc] = parseStructured(text);
    if (doc && Array.isArray(doc.value)) {
      doc.value.forEach((item, i) => isRecord(item) && items.push({ item, lineOf: (field, index) => doc.lineAt(index === undefined ? [i, field] : [i, field, index]) }));
    }
  } else {
    lines.forEach((l, i) => {
      if (!l.trim().startsWith('{')) return;
      try {
        const item = JSON.parse(l) as unknown;
        if (isRecord(item)) items.push({ item, lineOf: () => i + 1 });
      } catch {
        // not one object per line
      }
    });
  }
  for (const { item, lineOf } of items) {
    const id = (str(item.Id) ?? str(item.ID) ?? '').replace(/^sha256:/, '');
    // Each name is cited at its own line (not the object's opening brace), so the evidence shows the image it is about.
    const names: { name: string; line: number }[] = (['Names', 'RepoTags'] as const).flatMap((field) => {
      const list = item[field];
      return Array.isArray(list) ? list.flatMap((n, k) => (typeof n === 'string' ? [{ name: n, line: lineOf(field, k) }] : [])) : [];
    });
    if (str(item.Repository)) names.push({ name: `${str(item.Repository)}:${str(item.Tag) ?? 'latest'}`, line: lineOf('Repository') });
    const idLine = lineOf(item.Id !== undefined ? 'Id' : 'ID');
    for (const { name, line } of names.length ? names : [{ name: '<none>:<none>', line: idLine }]) {
      const colon = name.lastIndexOf(':');
      facts.host.images.push({ repository: colon > 0 ? name.slice(0, colon) : name, tag: colon > 0 ? name.slice(colon + 1) : '', id: id.slice(0, 12), file, line, excerpt: excerptOf(lines[line - 1] ?? name) });
    }
  }
  if (items.length && engine === 'podman') {
    const first = facts.host.images.find((i) => i.file === file);
    facts.host.containerEngines.push({ engine, file, line: first?.line ?? 1, excerpt: first?.excerpt ?? excerptOf(lines[0] ?? '') });
  }
}

/** `docker images` / `podman images` default table. */
function tableImages(file: string, text: string, facts: Facts): void {
  const lines = text.split('\n');
  const header = lines.findIndex((l) => /^REPOSITORY\s+TAG\s+IMAGE ID/.test(l));
  for (let i = header + 1; header >= 0 && i < lines.length; i++) {
    const [repository, tag, id] = lines[i]!.trim().split(/\s+/);
    if (repository && tag && id) facts.host.images.push({ repository, tag, id, ...loc(file, lines, i) });
  }
}

export function extractImages(file: string, text: string, engine: 'podman' | 'docker', facts: Facts): void {
  if (/^\s*[[{]/.test(text)) jsonImages(file, text, engine, facts);
  else tableImages(file, text, facts);
}
