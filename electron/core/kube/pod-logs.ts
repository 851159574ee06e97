import { type KubeConfig } from '@kubernetes/client-node';
import { Readable } from 'node:stream';
import { fetch } from 'undici';
// RequestContext is client-node's own request type; it applies the kubeconfig's auth and TLS.
import { HttpMethod, RequestContext } from '@kubernetes/client-node';

export interface PodLogOptions {
  container: string;
  previous?: boolean;
  tailLines?: number;
  limitBytes?: number;
  sinceSeconds?: number;
  signal?: AbortSignal;
}

export class PodLogError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Streams one container's log. client-node's Log helper drops the API's error message and
 * has no cancel before the response; this keeps both, using the kubeconfig's auth and TLS.
 */
export async function streamPodLog(kc: KubeConfig, namespace: string, pod: string, opts: PodLogOptions): Promise<Readable> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('No current cluster in the kubeconfig');
  const url = new URL(`${cluster.server.replace(/\/$/, '')}/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log`);
  url.searchParams.set('container', opts.container);
  if (opts.previous) url.searchParams.set('previous', 'true');
  if (opts.tailLines !== undefined) url.searchParams.set('tailLines', String(opts.tailLines));
  if (opts.limitBytes !== undefined) url.searchParams.set('limitBytes', String(opts.limitBytes));
  if (opts.sinceSeconds !== undefined) url.searchParams.set('sinceSeconds', String(opts.sinceSeconds));
  const ctx = new RequestContext(url.toString(), HttpMethod.GET);
  await kc.applySecurityAuthentication(ctx);
  const response = await fetch(url, {
    method: 'GET',
    headers: ctx.getHeaders(),
    dispatcher: ctx.getDispatcher() as never,
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  if (response.status !== 200 || !response.body) {
    const text = await response.text().catch(() => '');
    let message = text.slice(0, 300);
    try {
      message = String((JSON.parse(text) as { message?: string }).message ?? message);
    } catch {
      // not a Status body; keep the text
    }
    throw new PodLogError(response.status, `HTTP ${response.status}${message ? `: ${message}` : ''}`);
  }
  return Readable.fromWeb(response.body as never);
}
