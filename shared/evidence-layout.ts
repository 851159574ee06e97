/**
 * Where evidence lives in a bundle (below `evidence/`): the collectors build paths here and
 * diagnosis reads the place back here, so both sides agree on one layout:
 *
 * - `kube/<context>/<namespace>/<file>` (pods.yaml, secrets.yaml…),
 *   `…/pods/<pod>/<container>[.previous].log`, `…/configmaps/<name>/<key>`
 * - `ssh/<host>/<file>`
 * - `gitlab/…`, `gitlab/runners/<id>…` (GITLAB_EVIDENCE)
 * - `files/<relative path>`
 *
 * Names from the user (contexts hold `/` and `:`, aliases `:`, anything may be unicode) are
 * written as one path segment each, with every byte outside `[A-Za-z0-9_.@=-]` as `+HH`: the
 * bundle's path rules leave such a segment alone and the name reads back exactly. Ordinary
 * names (`prod`, `gitlab-runner`, `runner-1`) are written as they are, so older bundles read
 * the same.
 */

const PLAIN = /^[A-Za-z0-9_.@=-]$/;

/**
 * One user-given name as one path segment, reversible by `decodeSegment`. `escapeDots` for a
 * name followed by a suffix (`<container>.previous.log`), so the suffix reads back alone.
 */
export function encodeSegment(name: string, escapeDots = false): string {
  if (name === '') throw new Error('An evidence path segment cannot be empty');
  // `.` and `..` are dropped by path normalisation: escape the dots of an all-dot name.
  const dots = escapeDots || /^\.+$/.test(name);
  let out = '';
  for (const ch of name) {
    if (PLAIN.test(ch) && !(dots && ch === '.')) out += ch;
    else for (const byte of new TextEncoder().encode(ch)) out += `+${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The name `encodeSegment` wrote; a segment without escapes is read as it is. */
export function decodeSegment(segment: string): string {
  if (!segment.includes('+')) return segment;
  const bytes: number[] = [];
  let text = '';
  const flush = () => {
    if (bytes.length) text += new TextDecoder().decode(new Uint8Array(bytes.splice(0)));
  };
  for (let i = 0; i < segment.length; i++) {
    const hex = segment[i] === '+' ? segment.slice(i + 1, i + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      flush();
      text += segment[i];
    }
  }
  flush();
  return text;
}

const seg = encodeSegment;

/** The lists the Kubernetes collector writes in a namespace's folder, and the kind of their items. */
export const KUBE_LISTS = {
  pods: { file: 'pods.yaml', kind: 'Pod' },
  deployments: { file: 'deployments.yaml', kind: 'Deployment' },
  configMaps: { file: 'configmaps.yaml', kind: 'ConfigMap' },
  secrets: { file: 'secrets.yaml', kind: 'Secret' },
  events: { file: 'events.yaml', kind: 'Event' },
  quotas: { file: 'resourcequotas.yaml', kind: 'ResourceQuota' },
  nodes: { file: 'nodes.yaml', kind: 'Node' },
} as const;

/** The other files of a namespace's folder. */
export const KUBE_FILES = {
  accessReviews: 'access-reviews.yaml',
  rbacGrant: 'rbac-grant.yaml',
  runnerManagers: 'runner-managers.yaml',
} as const;
export type KubeFile = (typeof KUBE_FILES)[keyof typeof KUBE_FILES] | (typeof KUBE_LISTS)[keyof typeof KUBE_LISTS]['file'];

/**
 * The kind of items a list file holds, from its name (`pods.yaml`, or `pods.json` as a user
 * saved kubectl's output): an empty list still says what was listed.
 */
export function listedKindOf(file: string): string | undefined {
  const stem = /([a-z]+)\.(?:ya?ml|json)$/.exec(file)?.[1];
  return Object.values(KUBE_LISTS).find((l) => l.file === `${stem}.yaml`)?.kind;
}

export const evidencePaths = {
  /** A namespace's folder: `kube/<context>/<namespace>`. */
  kubeNamespace: (context: string, namespace: string) => `kube/${seg(context)}/${seg(namespace)}`,
  kubeFile: (context: string, namespace: string, file: KubeFile) => `${evidencePaths.kubeNamespace(context, namespace)}/${file}`,
  podLog: (context: string, namespace: string, pod: string, container: string, previous: boolean) =>
    `${evidencePaths.kubeNamespace(context, namespace)}/pods/${seg(pod)}/${seg(container, true)}${previous ? '.previous' : ''}.log`,
  /** One key of a ConfigMap written out as its own file (a config.toml). */
  configMapKey: (context: string, namespace: string, configMap: string, key: string) =>
    `${evidencePaths.kubeNamespace(context, namespace)}/configmaps/${seg(configMap)}/${seg(key)}`,
  /** A host's folder: `ssh/<host>`. */
  sshHost: (host: string) => `ssh/${seg(host)}`,
  sshFile: (host: string, name: string) => `${evidencePaths.sshHost(host)}/${name}`,
  /** A file read from a folder the user gave, under its path relative to that folder. */
  files: (relative: string) => `files/${relative}`,
};

export const TOKEN_CHECKS = ['runner-verify', 'pat-self'] as const;
export type TokenCheckKind = (typeof TOKEN_CHECKS)[number];

/** The GitLab collector's files, so analyzers and tests name the same files. */
export const GITLAB_EVIDENCE = {
  version: 'gitlab/version.json',
  tokenSelf: 'gitlab/token-self.json',
  user: 'gitlab/user.json',
  runners: 'gitlab/runners.json',
  runner: (id: number) => `gitlab/runners/${id}.json`,
  managers: (id: number) => `gitlab/runners/${id}-managers.json`,
  runningJobs: (id: number) => `gitlab/runners/${id}-jobs-running.json`,
  job: (id: number) => `gitlab/jobs/${id}.json`,
  traceTail: (id: number) => `gitlab/jobs/${id}-trace-tail.log`,
  project: (id: number) => `gitlab/projects/${id}.json`,
  applicationSettings: 'gitlab/application-settings.json',
  tokenCheck: (n: number, check: TokenCheckKind) => `gitlab/token-checks/${n}-${check === 'runner-verify' ? 'verify' : 'pat-self'}.json`,
} as const;

/** What a bundle path says about where its evidence came from. */
export type EvidenceLocation =
  | {
      source: 'kube';
      context: string;
      namespace: string;
      /** Set for `…/configmaps/<name>/<key>`. */
      configMap?: { name: string; key: string };
      /** Set for `…/pods/<pod>/<container>[.previous].log`. */
      podLog?: { pod: string; container: string; previous: boolean };
    }
  | { source: 'ssh'; host: string }
  | { source: 'gitlab'; /** Set for `gitlab/runners/<id>…` and `gitlab/runners-<id>…`. */ runnerId?: string }
  | { source: 'files' };

const ROOTS = new Set(['kube', 'ssh', 'gitlab', 'files']);

/**
 * Reads a path back: relative to `evidence/`, to the bundle, or anywhere below a folder (an
 * unpacked bundle given to `analyze`). A root at the start or right after an `evidence` folder
 * wins; else the first `kube`/`ssh`/`gitlab`/`files` folder. A loose file has no location.
 */
export function parseEvidencePath(file: string): EvidenceLocation | undefined {
  const parts = file.split(/[\\/]+/);
  const afterEvidence = parts.findIndex((p, i) => (i === 0 || parts[i - 1] === 'evidence') && ROOTS.has(p));
  const start = afterEvidence >= 0 ? afterEvidence : parts.findIndex((p) => ROOTS.has(p));
  if (start < 0) return undefined;
  const [root, ...rest] = parts.slice(start);
  switch (root) {
    case 'kube': {
      if (rest.length < 3) return undefined;
      const [context, namespace, ...inside] = rest as [string, string, ...string[]];
      const at = { source: 'kube' as const, context: decodeSegment(context), namespace: decodeSegment(namespace) };
      if (inside.length === 3 && inside[0] === 'configmaps') return { ...at, configMap: { name: decodeSegment(inside[1]!), key: decodeSegment(inside[2]!) } };
      const log = inside.length === 3 && inside[0] === 'pods' ? /^(.+?)(\.previous)?\.log$/.exec(inside[2]!) : null;
      if (log) return { ...at, podLog: { pod: decodeSegment(inside[1]!), container: decodeSegment(log[1]!), previous: !!log[2] } };
      return at;
    }
    case 'ssh':
      return rest.length >= 2 ? { source: 'ssh', host: decodeSegment(rest[0]!) } : undefined;
    case 'gitlab': {
      const [first = '', second = ''] = rest;
      const runnerId = first === 'runners' ? /^(\d+)/.exec(second)?.[1] : /^runners-(\d+)/.exec(first)?.[1];
      return { source: 'gitlab', ...(runnerId ? { runnerId } : {}) };
    }
    default:
      return { source: 'files' };
  }
}
