import { KubeApiError } from '../kube/kube-errors';
import type { KubeClient } from '../kube/kube-client';
import { ConflictError } from './fix-definition';
import { msg } from '../../../shared/messages';

export const configMapPath = (ns: string, name: string) => `/api/v1/namespaces/${encodeURIComponent(ns)}/configmaps/${encodeURIComponent(name)}`;

/**
 * A PATCH (or its server-side dry run) whose body carries the plan's resourceVersion: a stale
 * object answers 409, which is a conflict: plan again.
 */
export async function kubePatch<T>(client: KubeClient, path: string, contentType: string, body: unknown, what: string, dryRun: boolean, signal: AbortSignal): Promise<T> {
  try {
    return await client.json<T>(path, { method: 'PATCH', contentType, body, ...(dryRun ? { query: { dryRun: 'All' } } : {}), signal });
  } catch (err) {
    if (err instanceof KubeApiError && err.status === 409) throw new ConflictError(msg('fix.conflict.object', { what }));
    throw err;
  }
}
