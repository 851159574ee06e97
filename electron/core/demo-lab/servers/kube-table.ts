import type { KubeObject } from '../world';

/**
 * Server-side printing (`Accept: application/json;as=Table;g=meta.k8s.io;v=v1`), which
 * `kubectl get` asks for: the columns the real API server prints for each kind.
 */
interface Column {
  name: string;
  type: string;
  format?: string;
  description: string;
  priority: number;
  cell: (o: KubeObject, now: number) => string | number;
}

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** `kubectl`'s age format: 45s, 12m, 5h, 3d12h, 400d. */
export function age(from: string | undefined, now: number): string {
  if (!from) return '<unknown>';
  const s = Math.max(0, Math.floor((now - Date.parse(from)) / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return `${m}m${s % 60 ? `${s % 60}s` : ''}`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return `${h}h${m % 60 ? `${m % 60}m` : ''}`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (d < 8) return `${d}d${h % 24 ? `${h % 24}h` : ''}`;
  return `${d}d`;
}

/** The STATUS column of `kubectl get pods`: a waiting/terminated reason wins over the phase. */
export function podStatus(pod: Any): string {
  if (pod.metadata?.deletionTimestamp) return 'Terminating';
  let reason: string = pod.status?.reason ?? pod.status?.phase ?? 'Unknown';
  for (const c of pod.status?.initContainerStatuses ?? []) {
    if (c.state?.terminated?.exitCode === 0) continue;
    if (c.state?.terminated) return `Init:${c.state.terminated.reason ?? `ExitCode:${c.state.terminated.exitCode}`}`;
    if (c.state?.waiting?.reason && c.state.waiting.reason !== 'PodInitializing') return `Init:${c.state.waiting.reason}`;
  }
  for (const c of [...(pod.status?.containerStatuses ?? [])].reverse()) {
    if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
    else if (c.state?.terminated?.reason) reason = c.state.terminated.reason;
  }
  return reason;
}

const name: Column = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace.',
  priority: 0,
  cell: (o) => o.metadata.name,
};
const ageCol: Column = {
  name: 'Age',
  type: 'string',
  description: 'CreationTimestamp of the object.',
  priority: 0,
  cell: (o, now) => age(o.metadata.creationTimestamp as string | undefined, now),
};
const countKeys = (v: unknown) => (v && typeof v === 'object' ? Object.keys(v).length : 0);

const COLUMNS: Record<string, Column[]> = {
  Pod: [
    name,
    {
      name: 'Ready',
      type: 'string',
      description: 'The aggregate readiness state of this pod for accepting traffic.',
      priority: 0,
      cell: (o: Any) => `${(o.status?.containerStatuses ?? []).filter((c: Any) => c.ready).length}/${(o.spec?.containers ?? []).length}`,
    },
    {
      name: 'Status',
      type: 'string',
      description: 'The aggregate status of the containers in this pod.',
      priority: 0,
      cell: (o) => podStatus(o),
    },
    {
      name: 'Restarts',
      type: 'string',
      description: 'The number of times the containers in this pod have been restarted.',
      priority: 0,
      cell: (o: Any) => String((o.status?.containerStatuses ?? []).reduce((n: number, c: Any) => n + (c.restartCount ?? 0), 0)),
    },
    ageCol,
    {
      name: 'IP',
      type: 'string',
      description: 'IP address allocated to the pod.',
      priority: 1,
      cell: (o: Any) => o.status?.podIP ?? '<none>',
    },
    {
      name: 'Node',
      type: 'string',
      description: 'Name of the Node this pod is assigned to.',
      priority: 1,
      cell: (o: Any) => o.spec?.nodeName ?? '<none>',
    },
  ],
  Deployment: [
    name,
    {
      name: 'Ready',
      type: 'string',
      description: 'Number of the pod with ready state',
      priority: 0,
      cell: (o: Any) => `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 1}`,
    },
    {
      name: 'Up-to-date',
      type: 'integer',
      description: 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
      priority: 0,
      cell: (o: Any) => o.status?.updatedReplicas ?? o.status?.replicas ?? 0,
    },
    {
      name: 'Available',
      type: 'integer',
      description: 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
      priority: 0,
      cell: (o: Any) => o.status?.availableReplicas ?? 0,
    },
    ageCol,
  ],
  ConfigMap: [
    name,
    {
      name: 'Data',
      type: 'integer',
      description: 'Number of entries',
      priority: 0,
      cell: (o) => countKeys(o.data) + countKeys(o.binaryData),
    },
    ageCol,
  ],
  Secret: [
    name,
    {
      name: 'Type',
      type: 'string',
      description: 'Used to facilitate programmatic handling of secret data.',
      priority: 0,
      cell: (o: Any) => o.type ?? 'Opaque',
    },
    { name: 'Data', type: 'integer', description: 'Number of entries', priority: 0, cell: (o) => countKeys(o.data) },
    ageCol,
  ],
  Namespace: [
    name,
    {
      name: 'Status',
      type: 'string',
      description: 'The status of the namespace',
      priority: 0,
      cell: (o: Any) => o.status?.phase ?? 'Active',
    },
    ageCol,
  ],
  Event: [
    {
      name: 'Last Seen',
      type: 'string',
      description: 'Time since the last occurrence',
      priority: 0,
      cell: (o: Any, now) => age(o.lastTimestamp ?? o.eventTime ?? o.metadata.creationTimestamp, now),
    },
    { name: 'Type', type: 'string', description: 'Type of this event', priority: 0, cell: (o: Any) => o.type ?? '' },
    { name: 'Reason', type: 'string', description: 'Why the action was taken', priority: 0, cell: (o: Any) => o.reason ?? '' },
    {
      name: 'Object',
      type: 'string',
      description: 'The object this event is about',
      priority: 0,
      cell: (o: Any) => `${String(o.involvedObject?.kind ?? '').toLowerCase()}/${o.involvedObject?.name ?? ''}`,
    },
    {
      name: 'Message',
      type: 'string',
      description: 'A human-readable description of the status of this operation.',
      priority: 0,
      cell: (o: Any) => o.message ?? '',
    },
  ],
  ResourceQuota: [
    name,
    ageCol,
    {
      name: 'Request',
      type: 'string',
      description: 'Request represents a minimum amount of cpu/memory that a container may consume.',
      priority: 0,
      cell: (o: Any) => quotaCell(o, (k) => !k.startsWith('limits.')),
    },
    {
      name: 'Limit',
      type: 'string',
      description: 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.',
      priority: 0,
      cell: (o: Any) => quotaCell(o, (k) => k.startsWith('limits.')),
    },
  ],
};

function quotaCell(o: Any, pick: (key: string) => boolean): string {
  const hard: Record<string, string> = o.status?.hard ?? o.spec?.hard ?? {};
  const used: Record<string, string> = o.status?.used ?? {};
  return Object.keys(hard)
    .filter(pick)
    .sort()
    .map((k) => `${k}: ${used[k] ?? '0'}/${hard[k]}`)
    .join(', ');
}

export function wantsTable(accept: string | undefined): boolean {
  return !!accept && /as=Table/.test(accept);
}

/** A meta.k8s.io/v1 Table of objects, with PartialObjectMetadata rows as the API includes by default. */
export function toTable(kind: string, objects: readonly KubeObject[], listMeta: Record<string, unknown>, includeObject: string | null) {
  const cols = COLUMNS[kind] ?? [name, ageCol];
  const now = Date.now();
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    columnDefinitions: cols.map(({ cell: _c, ...def }) => ({ format: '', ...def })),
    rows: objects.map((o) => ({
      cells: cols.map((c) => c.cell(o, now)),
      object:
        includeObject === 'None'
          ? undefined
          : includeObject === 'Object'
            ? o
            : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata },
    })),
  };
}
