import { groupOf, RESOURCE_TYPES, SUBRESOURCES } from './kube-resources';

/** What `/version` answers; kubectl's version dispatcher picks its client by `minor`. */
export const LAB_VERSION = {
  major: '1',
  minor: '30',
  gitVersion: 'v1.30.4',
  gitCommit: 'a51b3b711150f57ffc1f526a640ec058514ed596',
  gitTreeState: 'clean',
  buildDate: '2024-08-14T19:00:00Z',
  goVersion: 'go1.22.5',
  compiler: 'gc',
  platform: 'linux/amd64',
};

function groupVersions(): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const t of RESOURCE_TYPES) {
    const group = groupOf(t);
    if (!group) continue;
    const version = t.apiVersion.split('/')[1] as string;
    const list = groups.get(group) ?? [];
    if (!list.includes(version)) list.push(version);
    groups.set(group, list);
  }
  return groups;
}

function apiGroup(name: string, versions: string[]) {
  const vs = versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
  return { name, versions: vs, preferredVersion: vs[0] };
}

/**
 * Legacy (unaggregated) discovery documents. kubectl asks for aggregated discovery first and
 * falls back to these when the answer's content type says it is plain JSON.
 */
export function discovery(path: string, serverAddress: string): object | undefined {
  if (path === '/api') {
    return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
  }
  const groups = groupVersions();
  if (path === '/apis') return { kind: 'APIGroupList', apiVersion: 'v1', groups: [...groups].map(([n, v]) => apiGroup(n, v)) };
  const group = path.match(/^\/apis\/([^/]+)$/);
  if (group) {
    const versions = groups.get(group[1] as string);
    return versions ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group[1] as string, versions) } : undefined;
  }
  const gv = path === '/api/v1' ? 'v1' : path.match(/^\/apis\/([^/]+\/[^/]+)$/)?.[1];
  if (!gv) return undefined;
  const types = RESOURCE_TYPES.filter((t) => t.apiVersion === gv);
  if (types.length === 0) return undefined;
  const resources = types.flatMap((t) => [
    {
      name: t.plural,
      singularName: t.singular,
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: t.verbs,
      ...(t.shortNames ? { shortNames: t.shortNames } : {}),
      ...(t.virtual ? {} : { storageVersionHash: Buffer.from(t.kind).toString('base64').slice(0, 11) }),
    },
    ...SUBRESOURCES.filter((s) => s.parent === t.plural).map((s) => ({
      name: `${t.plural}/${s.name}`,
      singularName: '',
      namespaced: t.namespaced,
      kind: s.kind,
      verbs: s.verbs,
    })),
  ]);
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv, resources };
}
