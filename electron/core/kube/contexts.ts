import { describeExec, execPluginOf } from './exec-credential';
import { fileApprovalStore, type ExecApprovalStore, type ExecApprover } from './exec-approval';
import { checkAccess, grantYaml, missing, type AccessReport } from './access-review';
import { KubeClient, type KubeConnectOptions } from './kube-client';
import { isForbidden, kubeErrorMessage, kubeReasonMessage } from './kube-errors';
import { defaultKubeconfigPath, readKubeconfig } from './kubeconfig';
import { isRunnerManagerPod } from './discovery';
import { mapPool } from '../util/pool';
import { formatError } from '../../../shared/i18n/text';
import type { Message } from '../../../shared/messages';

/** One context for the wizard's picker (the shape of the proposed `kube.contexts` IPC answer). */
export interface KubeContextInfo {
  name: string;
  cluster: string;
  server?: string;
  namespace?: string;
  user: string;
  /** Set when the context's user runs a credential plugin; `approved` says whether it may run without asking. */
  exec?: { command: string; args: string[]; commandLine: string; approved: boolean };
}

export interface KubeContextList {
  contexts: KubeContextInfo[];
  current: string;
  files: string[];
  /** Entries the reader skipped: English, and the same as message ids in the same order. */
  warnings: string[];
  warningTexts: Message[];
}

/** Lists the contexts of a kubeconfig (or of KUBECONFIG's merged files) without contacting any cluster. */
export async function listContexts(kubeconfig?: string, opts: { approvals?: ExecApprovalStore } = {}): Promise<KubeContextList> {
  const spec = defaultKubeconfigPath(kubeconfig);
  const merged = readKubeconfig(spec);
  const approvals = opts.approvals ?? fileApprovalStore();
  const contexts: KubeContextInfo[] = [];
  for (const ctx of merged.contexts.values()) {
    const user = ctx.user ? merged.users.get(ctx.user) : undefined;
    const server = merged.clusters.get(ctx.cluster)?.server;
    const plugin = execPluginOf(user);
    const info: KubeContextInfo = {
      name: ctx.name,
      cluster: ctx.cluster,
      user: ctx.user ?? '',
      ...(server ? { server } : {}),
      ...(ctx.namespace ? { namespace: ctx.namespace } : {}),
    };
    if (plugin && user) {
      const commandLine = describeExec(plugin);
      const approved = await approvals.isApproved({
        kubeconfig: merged.origin.users.get(user.name) ?? spec,
        context: ctx.name,
        user: user.name,
        plugin,
        commandLine,
      });
      info.exec = { command: plugin.command, args: plugin.args, commandLine, approved };
    }
    contexts.push(info);
  }
  return { contexts, current: merged.current, files: merged.files, warnings: merged.warnings.map((w) => formatError(w)), warningTexts: merged.warnings };
}

export interface NamespaceList {
  namespaces: string[];
  /** `cluster`: listed by the API; `context`: the user may not list namespaces, so only the context's own is offered. */
  source: 'cluster' | 'context';
  /** The namespaces holding runner managers, when asked for. */
  runnerNamespaces?: string[];
  /** With runnerNamespaces: namespaces whose pods the user may not list, so runners there cannot be found. */
  unlistedNamespaces?: string[];
  note?: string;
  /** With source `context`: the API server's refusal to list namespaces, in its own words. */
  refusal?: string;
}

/** The namespaces of a context for the wizard; a user who may not list them still gets the context's namespace. */
export async function listNamespaces(
  kubeconfig: string | undefined,
  context: string,
  opts: KubeConnectOptions & { findRunners?: boolean } = {},
): Promise<NamespaceList> {
  const client = await KubeClient.connect(defaultKubeconfigPath(kubeconfig), context, opts);
  const signal = opts.signal ? { signal: opts.signal } : {};
  try {
    const list = await client.list<{ metadata: { name: string } }>('/api/v1/namespaces', signal);
    const runners = opts.findRunners ? await runnerNamespaces(client, signal) : undefined;
    return {
      namespaces: list.items.map((n) => n.metadata.name).sort(),
      source: 'cluster',
      ...(runners ? { runnerNamespaces: runners.found, unlistedNamespaces: runners.unlisted } : {}),
    };
  } catch (err) {
    if (!isForbidden(err)) throw err;
    const own = client.namespace ?? 'default';
    return {
      namespaces: [own],
      source: 'context',
      note: `Not allowed to list namespaces (${kubeErrorMessage(err)}); type the namespace if it is not ${own}.`,
      refusal: kubeErrorMessage(err),
    };
  } finally {
    await client.close();
  }
}

export interface ContextCheck {
  context: string;
  server: string;
  /** The cluster's version, proving it answered. */
  version?: string;
  latencyMs?: number;
  /** Why the cluster could not be reached; `errorText` as a message id and parameters. */
  error?: string;
  errorText?: Message;
  access?: AccessReport;
  /** Role/RoleBinding YAML granting what is missing, if anything is. */
  grant?: string;
}

/** Connectivity and RBAC self-check for one context and namespace: what the wizard's "Test" shows. */
export async function checkContext(
  kubeconfig: string | undefined,
  context: string,
  namespace: string | undefined,
  opts: KubeConnectOptions = {},
): Promise<ContextCheck> {
  const client = await KubeClient.connect(defaultKubeconfigPath(kubeconfig), context, opts);
  const result: ContextCheck = { context: client.context, server: client.server };
  try {
    const started = Date.now();
    try {
      const version = await client.json<{ gitVersion?: string }>('/version', {
        ...(opts.signal ? { signal: opts.signal } : {}),
        timeoutMs: opts.timeoutMs ?? 10_000,
      });
      result.version = version.gitVersion ?? 'unknown';
      result.latencyMs = Date.now() - started;
    } catch (err) {
      const { text, english } = kubeReasonMessage('kube.check.cannotReach', { server: client.server }, err);
      result.error = english;
      result.errorText = text;
      return result;
    }
    const ns = namespace ?? client.namespace ?? 'default';
    result.access = await checkAccess(client, ns, opts.signal ? { signal: opts.signal } : {});
    const lacking = missing(result.access);
    if (lacking.length) result.grant = grantYaml(lacking, ns, result.access.username);
    return result;
  } finally {
    await client.close();
  }
}

export interface RunnerNamespaces {
  /** The namespaces holding runner managers, sorted. */
  found: string[];
  /** Namespaces whose pods the user may not list: runners there cannot be found. Sorted. */
  unlisted: string[];
}

/**
 * The namespaces holding runner managers, among those the user may list pods in: one
 * cluster-wide pod list when allowed, else the pods of each namespace the user may list
 * (namespaces whose pods are forbidden are left out, and named in `unlisted`).
 */
export async function runnerNamespaces(client: KubeClient, opts: { signal?: AbortSignal } = {}): Promise<RunnerNamespaces> {
  type Pod = { metadata?: { namespace?: string } };
  const holding = (pods: Pod[]) => pods.filter((p) => isRunnerManagerPod(p)).map((p) => p.metadata?.namespace ?? '');
  try {
    const all = await client.list<Pod>('/api/v1/pods', opts);
    return { found: [...new Set(holding(all.items))].filter(Boolean).sort(), unlisted: [] };
  } catch (err) {
    if (!isForbidden(err)) throw err;
  }
  const namespaces = (await client.list<{ metadata: { name: string } }>('/api/v1/namespaces', opts)).items.map((n) => n.metadata.name);
  const found = await mapPool(
    namespaces,
    8,
    async (ns) => (holding((await client.list<Pod>(`/api/v1/namespaces/${encodeURIComponent(ns)}/pods`, opts)).items).length ? ns : undefined),
    opts.signal,
  );
  const failed = found.find((r): r is PromiseRejectedResult => r.status === 'rejected' && !isForbidden(r.reason));
  if (failed) throw failed.reason;
  return {
    found: found.flatMap((r) => (r.status === 'fulfilled' && r.value ? [r.value] : [])).sort(),
    unlisted: namespaces.filter((_, i) => found[i]?.status === 'rejected').sort(),
  };
}

/** runnerNamespaces for a collection target, connecting with its approvals. */
export async function findRunnerNamespaces(
  target: { kubeconfig: string; context: string; approveExec?: ExecApprover; approvals?: ExecApprovalStore },
  signal?: AbortSignal,
): Promise<RunnerNamespaces> {
  const client = await KubeClient.connect(target.kubeconfig, target.context, {
    ...(signal ? { signal } : {}),
    ...(target.approveExec ? { approve: target.approveExec } : {}),
    ...(target.approvals ? { approvals: target.approvals } : {}),
  });
  try {
    return await runnerNamespaces(client, signal ? { signal } : {});
  } finally {
    await client.close();
  }
}
