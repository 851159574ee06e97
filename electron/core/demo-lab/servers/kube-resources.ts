/** The resources the lab's Kubernetes API serves: URL plural → group/version and kind. */
export interface ResourceType {
  plural: string;
  singular: string;
  kind: string;
  /** `v1` for the core group, `group/version` otherwise. */
  apiVersion: string;
  namespaced: boolean;
  verbs: readonly string[];
  shortNames?: readonly string[];
  /** Review resources: only `create`, nothing is stored. */
  virtual?: boolean;
}

const RW = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] as const;

export const RESOURCE_TYPES: readonly ResourceType[] = [
  {
    plural: 'namespaces',
    singular: 'namespace',
    kind: 'Namespace',
    apiVersion: 'v1',
    namespaced: false,
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    shortNames: ['ns'],
  },
  { plural: 'nodes', singular: 'node', kind: 'Node', apiVersion: 'v1', namespaced: false, verbs: RW, shortNames: ['no'] },
  { plural: 'pods', singular: 'pod', kind: 'Pod', apiVersion: 'v1', namespaced: true, verbs: RW, shortNames: ['po'] },
  { plural: 'configmaps', singular: 'configmap', kind: 'ConfigMap', apiVersion: 'v1', namespaced: true, verbs: RW, shortNames: ['cm'] },
  { plural: 'secrets', singular: 'secret', kind: 'Secret', apiVersion: 'v1', namespaced: true, verbs: RW },
  { plural: 'events', singular: 'event', kind: 'Event', apiVersion: 'v1', namespaced: true, verbs: RW, shortNames: ['ev'] },
  {
    plural: 'resourcequotas',
    singular: 'resourcequota',
    kind: 'ResourceQuota',
    apiVersion: 'v1',
    namespaced: true,
    verbs: RW,
    shortNames: ['quota'],
  },
  {
    plural: 'serviceaccounts',
    singular: 'serviceaccount',
    kind: 'ServiceAccount',
    apiVersion: 'v1',
    namespaced: true,
    verbs: RW,
    shortNames: ['sa'],
  },
  {
    plural: 'deployments',
    singular: 'deployment',
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    namespaced: true,
    verbs: RW,
    shortNames: ['deploy'],
  },
  {
    plural: 'replicasets',
    singular: 'replicaset',
    kind: 'ReplicaSet',
    apiVersion: 'apps/v1',
    namespaced: true,
    verbs: RW,
    shortNames: ['rs'],
  },
  {
    plural: 'selfsubjectaccessreviews',
    singular: 'selfsubjectaccessreview',
    kind: 'SelfSubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    namespaced: false,
    verbs: ['create'],
    virtual: true,
  },
  {
    plural: 'selfsubjectreviews',
    singular: 'selfsubjectreview',
    kind: 'SelfSubjectReview',
    apiVersion: 'authentication.k8s.io/v1',
    namespaced: false,
    verbs: ['create'],
    virtual: true,
  },
];

/** Subresources served, for discovery: `pods/log`. */
export const SUBRESOURCES: readonly { parent: string; name: string; kind: string; verbs: readonly string[] }[] = [
  { parent: 'pods', name: 'log', kind: 'Pod', verbs: ['get'] },
  { parent: 'resourcequotas', name: 'status', kind: 'ResourceQuota', verbs: ['get', 'patch', 'update'] },
  { parent: 'deployments', name: 'status', kind: 'Deployment', verbs: ['get', 'patch', 'update'] },
];

export function resourceByKind(kind: string): ResourceType | undefined {
  return RESOURCE_TYPES.find((r) => r.kind === kind && !r.virtual);
}

export function resourceFor(apiVersion: string, plural: string): ResourceType | undefined {
  return RESOURCE_TYPES.find((r) => r.apiVersion === apiVersion && r.plural === plural);
}

/** The API group of a resource type: `''` for core. */
export function groupOf(type: ResourceType): string {
  return type.apiVersion.includes('/') ? (type.apiVersion.split('/')[0] as string) : '';
}

/** A Status body as the API server returns it for errors. */
export function status(code: number, reason: string, message: string, details?: Record<string, unknown>) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

/** The API server's error, thrown by handlers and turned into a Status response. */
export class KubeStatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }

  body() {
    return status(this.code, this.reason, this.message, this.details);
  }
}

export function notFound(type: ResourceType, name: string): KubeStatusError {
  return new KubeStatusError(404, 'NotFound', `${type.plural}${groupOf(type) ? `.${groupOf(type)}` : ''} "${name}" not found`, {
    name,
    ...(groupOf(type) ? { group: groupOf(type) } : {}),
    kind: type.plural,
  });
}

export function conflict(type: ResourceType, name: string, why: string): KubeStatusError {
  return new KubeStatusError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${type.plural}${groupOf(type) ? `.${groupOf(type)}` : ''} "${name}": ${why}`,
    {
      name,
      ...(groupOf(type) ? { group: groupOf(type) } : {}),
      kind: type.plural,
    },
  );
}

export function badRequest(message: string): KubeStatusError {
  return new KubeStatusError(400, 'BadRequest', message);
}

export { matchesLabelSelector, matchesFieldSelector } from './kube-selectors';
