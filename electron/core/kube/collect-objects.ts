import type { EvidenceStore } from '../evidence/store';
import type { KubeClient } from './kube-client';
import { isForbidden, kubeErrorText } from './kube-errors';
import { msg, type Message } from '../../../shared/messages';
import { listYaml, nodeSummary, sortEvents } from './kube-yaml';
import { secretMetadataOnly } from './secret-metadata';
import { evidencePaths, KUBE_LISTS } from '../../../shared/evidence-layout';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface NamespaceObjects {
  pods: Obj[];
  deployments: Obj[];
  configMaps: Obj[];
  /** Metadata only: values were dropped right after the list call. */
  secrets: Obj[];
  events: Obj[];
  quotas: Obj[];
  nodes: Obj[];
}

export interface ObjectsContext {
  client: KubeClient;
  namespace: string;
  store: EvidenceStore;
  source: string;
  /** The kubeconfig context, for the evidence paths. */
  context: string;
  signal?: AbortSignal;
  timeoutMs: number;
}

interface Read {
  key: keyof NamespaceObjects;
  permission: string;
  path: (ns: string) => string;
  list: (typeof KUBE_LISTS)[keyof typeof KUBE_LISTS];
  apiVersion: string;
  optional?: boolean;
  /** Applied to the items before anything else sees them. */
  shape?: (items: Obj[]) => Obj[];
}

const READS: readonly Read[] = [
  {
    key: 'pods',
    permission: 'list-pods',
    path: (ns) => `/api/v1/namespaces/${ns}/pods`,
    list: KUBE_LISTS.pods,
    apiVersion: 'v1',
  },
  {
    key: 'deployments',
    permission: 'list-deployments',
    path: (ns) => `/apis/apps/v1/namespaces/${ns}/deployments`,
    list: KUBE_LISTS.deployments,
    apiVersion: 'apps/v1',
  },
  {
    key: 'configMaps',
    permission: 'list-configmaps',
    path: (ns) => `/api/v1/namespaces/${ns}/configmaps`,
    list: KUBE_LISTS.configMaps,
    apiVersion: 'v1',
  },
  {
    key: 'secrets',
    permission: 'list-secrets',
    path: (ns) => `/api/v1/namespaces/${ns}/secrets`,
    list: KUBE_LISTS.secrets,
    apiVersion: 'v1',
    optional: true,
    shape: (items) => items.map(secretMetadataOnly),
  },
  {
    key: 'events',
    permission: 'list-events',
    path: (ns) => `/api/v1/namespaces/${ns}/events`,
    list: KUBE_LISTS.events,
    apiVersion: 'v1',
    optional: true,
    shape: sortEvents,
  },
  {
    key: 'quotas',
    permission: 'list-resourcequotas',
    path: (ns) => `/api/v1/namespaces/${ns}/resourcequotas`,
    list: KUBE_LISTS.quotas,
    apiVersion: 'v1',
    optional: true,
  },
  {
    key: 'nodes',
    permission: 'list-nodes',
    path: () => '/api/v1/nodes',
    list: KUBE_LISTS.nodes,
    apiVersion: 'v1',
    optional: true,
    shape: (items) => items.map(nodeSummary),
  },
];

/**
 * Lists the namespace's objects in parallel and writes each list as kubectl-style YAML. A read
 * the RBAC check already denied is skipped with a note; any failing read is recorded and the
 * others go on. Returns what was read (Secrets as metadata only) and which reads failed.
 */
export async function collectObjects(
  ctx: ObjectsContext,
  denied: ReadonlySet<string>,
  grantFile: string | undefined,
): Promise<{ objects: NamespaceObjects; failed: Map<string, Message> }> {
  const objects: NamespaceObjects = { pods: [], deployments: [], configMaps: [], secrets: [], events: [], quotas: [], nodes: [] };
  const failed = new Map<string, Message>();
  const scope = (r: Read) => (r.key === 'nodes' ? msg('kube.theCluster') : ctx.namespace);
  const grant = grantFile ? msg('kube.grantHint', { file: grantFile }) : '';
  const what = (r: Read) => msg(`kube.what.${r.key}`);
  await Promise.all(
    READS.map(async (r) => {
      if (denied.has(r.permission)) {
        const text = msg('kube.listDenied', { what: what(r), scope: scope(r), optional: r.optional ? msg('kube.optional') : '', grant });
        failed.set(r.key, text);
        ctx.store.addError(ctx.source, text);
        return;
      }
      try {
        const list = await ctx.client.list<Obj>(r.path(encodeURIComponent(ctx.namespace)), {
          timeoutMs: ctx.timeoutMs,
          ...(ctx.signal ? { signal: ctx.signal } : {}),
        });
        const items = r.shape ? r.shape(list.items) : list.items;
        // Secrets: drop the raw list (with values) as soon as it is shaped.
        if (r.shape) list.items.length = 0;
        objects[r.key] = items;
        await ctx.store.add({
          path: evidencePaths.kubeFile(ctx.context, ctx.namespace, r.list.file),
          source: ctx.source,
          kind: 'kube-object',
          content: listYaml(r.list.kind, r.apiVersion, items),
          ...(ctx.signal ? { signal: ctx.signal } : {}),
        });
      } catch (err) {
        if (ctx.signal?.aborted) throw err;
        const text = isForbidden(err)
          ? msg('kube.listDeniedBecause', { what: what(r), scope: scope(r), reason: kubeErrorText(err), grant })
          : msg('kube.cannotList', { what: what(r), scope: scope(r), reason: kubeErrorText(err) });
        failed.set(r.key, text);
        ctx.store.addError(ctx.source, text);
      }
    }),
  );
  return { objects, failed };
}

/** config.toml (and the chart's config.template.toml) from ConfigMaps, as files of their own for the analyzers. */
export async function collectRunnerConfigs(ctx: ObjectsContext, configMaps: readonly Obj[]): Promise<number> {
  let written = 0;
  for (const cm of configMaps) {
    for (const [key, value] of Object.entries((cm.data ?? {}) as Record<string, unknown>)) {
      if (typeof value !== 'string' || !/(^|\.)config(\.template)?\.toml$/.test(key)) continue;
      await ctx.store.add({
        path: evidencePaths.configMapKey(ctx.context, ctx.namespace, String(cm.metadata?.name), key),
        source: ctx.source,
        kind: 'config-toml',
        content: value,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      });
      written++;
    }
  }
  return written;
}
