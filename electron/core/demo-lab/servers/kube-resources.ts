/** The resources the lab's Kubernetes API serves: URL plural → group/version and kind. */
export interface ResourceType {
  plural: string;
  kind: string;
  apiVersion: string;
  namespaced: boolean;
}

export const RESOURCE_TYPES: readonly ResourceType[] = [
  { plural: 'namespaces', kind: 'Namespace', apiVersion: 'v1', namespaced: false },
  { plural: 'nodes', kind: 'Node', apiVersion: 'v1', namespaced: false },
  { plural: 'pods', kind: 'Pod', apiVersion: 'v1', namespaced: true },
  { plural: 'configmaps', kind: 'ConfigMap', apiVersion: 'v1', namespaced: true },
  { plural: 'secrets', kind: 'Secret', apiVersion: 'v1', namespaced: true },
  { plural: 'events', kind: 'Event', apiVersion: 'v1', namespaced: true },
  { plural: 'resourcequotas', kind: 'ResourceQuota', apiVersion: 'v1', namespaced: true },
  { plural: 'serviceaccounts', kind: 'ServiceAccount', apiVersion: 'v1', namespaced: true },
  { plural: 'deployments', kind: 'Deployment', apiVersion: 'apps/v1', namespaced: true },
  { plural: 'replicasets', kind: 'ReplicaSet', apiVersion: 'apps/v1', namespaced: true },
];

export function resourceByKind(kind: string): ResourceType | undefined {
  return RESOURCE_TYPES.find((r) => r.kind === kind);
}

export function resourceFor(apiVersion: string, plural: string): ResourceType | undefined {
  return RESOURCE_TYPES.find((r) => r.apiVersion === apiVersion && r.plural === plural);
}

/** A Status body as the API server returns it for errors. */
export function status(code: number, reason: string, message: string, details?: Record<string, unknown>) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

/** Equality-based label selectors (`a=b,c!=d,e`), the subset runner tooling uses. */
export function matchesLabelSelector(labels: Record<string, string> | undefined, selector: string | null): boolean {
  if (!selector) return true;
  return selector.split(',').every((term) => {
    const t = term.trim();
    if (!t) return true;
    const ne = t.match(/^([^!=]+)!=(.*)$/);
    if (ne) return labels?.[ne[1]!.trim()] !== ne[2]!.trim();
    const eq = t.match(/^([^=]+)==?(.*)$/);
    if (eq) return labels?.[eq[1]!.trim()] === eq[2]!.trim();
    if (t.startsWith('!')) return labels?.[t.slice(1)] === undefined;
    return labels?.[t] !== undefined;
  });
}
