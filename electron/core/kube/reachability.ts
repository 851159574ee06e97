import type { KubeReach, KubeReachReason } from '../../../shared/ipc/targets';
import { CancelledError } from '../util/abort';
import { classifyNetworkError } from '../util/network-failure';
import { mapPool } from '../util/pool';
import { ExecApprovalRequiredError, type ExecApprovalStore } from './exec-approval';
import { execPluginOf, ExecPluginError } from './exec-credential';
import { KubeClient } from './kube-client';
import { KubeApiError, kubeErrorMessage, kubeErrorText } from './kube-errors';
import { formatError } from '../../../shared/i18n/text';
import { msg } from '../../../shared/messages';
import { KubeconfigError, loadContext } from './kubeconfig';
import { findExecutable, loginShellPath } from './login-path';

export interface ReachOptions {
  signal?: AbortSignal;
  /** Per context, for the API call (default 5 s): a reachable cluster answers /version far sooner. */
  timeoutMs?: number;
  /** For an approved exec plugin (default 20 s). */
  execTimeoutMs?: number;
  approvals?: ExecApprovalStore;
  /** PATH to find exec plugins on; default: the login shell's. */
  pathValue?: string;
}

/** Why a context could not be reached, by what the user can do about it; the wording is the window's. */
export function reachReason(err: unknown): KubeReachReason {
  if (err instanceof KubeconfigError) return 'kubeconfig';
  if (err instanceof ExecPluginError) return 'exec-failed';
  if (err instanceof KubeApiError) {
    if (err.status === 401) return 'unauthorized';
    if (err.status === 403) return 'forbidden';
    return err.status >= 500 ? 'server-error' : 'other';
  }
  if ((err as { code?: unknown } | undefined)?.code === 'ERR_INVALID_URL') return 'kubeconfig';
  const { kind } = classifyNetworkError(err);
  switch (kind) {
    case 'dns':
    case 'dns-temporary':
      return 'dns';
    case 'unreachable':
      return 'network';
    case 'connect-timeout':
    case 'response-timeout':
      return 'timeout';
    case 'refused':
    case 'reset':
      return 'refused';
    case 'tls':
    case 'tls-expired':
    case 'tls-hostname':
    case 'tls-unknown-authority':
      return 'tls';
    default:
      return 'other';
  }
}

/**
 * Whether one context's cluster answers, with its credentials: a GET of /version, nothing
 * else. An exec plugin missing from PATH is found without running anything; a plugin the
 * user has not approved is not run (the context says so), since nobody asked for it yet.
 */
export async function probeContext(kubeconfig: string, context: string, opts: ReachOptions = {}): Promise<KubeReach> {
  const timeoutMs = opts.timeoutMs ?? 5000;
  const failed = (err: unknown): KubeReach => {
    if (opts.signal?.aborted) throw new CancelledError();
    if (err instanceof ExecApprovalRequiredError) return { state: 'needs-approval', command: err.request.commandLine };
    return { state: 'unreachable', reason: reachReason(err), detail: kubeErrorMessage(err), detailText: kubeErrorText(err) };
  };
  let client: KubeClient | undefined;
  try {
    const { user } = loadContext(kubeconfig, context);
    const plugin = execPluginOf(user);
    const pathValue = plugin ? (opts.pathValue ?? (await loginShellPath())) : undefined;
    if (plugin && pathValue !== undefined && !findExecutable(plugin.command, pathValue)) {
      const detailText = msg('kube.exec.missing', { command: plugin.command, hint: plugin.installHint ? `. ${plugin.installHint.trim()}` : '' });
      return { state: 'unreachable', reason: 'exec-missing', detail: formatError(detailText), detailText, command: plugin.command };
    }
    client = await KubeClient.connect(kubeconfig, context, {
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.approvals ? { approvals: opts.approvals } : {}),
      ...(pathValue !== undefined ? { pathValue } : {}),
      execTimeoutMs: opts.execTimeoutMs ?? 20_000,
      timeoutMs,
      maxConnections: 1,
    });
    const started = Date.now();
    const version = await client.json<{ gitVersion?: string }>('/version', { ...(opts.signal ? { signal: opts.signal } : {}), timeoutMs });
    return { state: 'reachable', version: version.gitVersion ?? 'unknown', latencyMs: Date.now() - started };
  } catch (err) {
    return failed(err);
  } finally {
    await client?.destroy();
  }
}

/** Every context at once, `concurrency` at a time; each result is handed over as soon as it is known. */
export async function probeContexts(
  kubeconfig: string,
  contexts: readonly string[],
  onResult: (context: string, reach: KubeReach) => void,
  opts: ReachOptions & { concurrency?: number } = {},
): Promise<void> {
  await mapPool(
    contexts,
    opts.concurrency ?? 4,
    async (context) => {
      onResult(context, { state: 'checking' });
      onResult(context, await probeContext(kubeconfig, context, opts));
    },
    opts.signal,
  );
}
