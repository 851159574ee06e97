import { stringify } from 'yaml';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** An object as `kubectl get -o yaml` shows it: kind and apiVersion set, managedFields hidden. */
export function asKubectlObject(item: Obj, kind: string, apiVersion: string): Obj {
  const { managedFields: _m, ...metadata } = item.metadata ?? {};
  return { apiVersion, kind, ...item, metadata };
}

/** A `kind: List` document, as `kubectl get -o yaml` prints several objects. */
export function listYaml(kind: string, apiVersion: string, items: readonly Obj[]): string {
  return stringify(
    { apiVersion: 'v1', kind: 'List', items: items.map((i) => asKubectlObject(i, i.kind ?? kind, i.apiVersion ?? apiVersion)) },
    { lineWidth: 0 },
  );
}

function eventTime(e: Obj): number {
  const t = e.lastTimestamp ?? e.series?.lastObservedTime ?? e.eventTime ?? e.firstTimestamp ?? e.metadata?.creationTimestamp;
  const ms = t ? Date.parse(t) : NaN;
  return Number.isFinite(ms) ? ms : 0;
}

/** Events oldest first (the API returns them in no useful order). */
export function sortEvents(events: Obj[]): Obj[] {
  return [...events].sort((a, b) => eventTime(a) - eventTime(b));
}

/** What a diagnosis needs of a node: conditions, capacity, taints; not its images or addresses. */
export function nodeSummary(node: Obj): Obj {
  return {
    metadata: { name: node.metadata?.name, labels: node.metadata?.labels, creationTimestamp: node.metadata?.creationTimestamp },
    spec: { ...(node.spec?.taints ? { taints: node.spec.taints } : {}), ...(node.spec?.unschedulable ? { unschedulable: true } : {}) },
    status: {
      conditions: node.status?.conditions,
      capacity: node.status?.capacity,
      allocatable: node.status?.allocatable,
      nodeInfo: node.status?.nodeInfo,
    },
  };
}
