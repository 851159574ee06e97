import { KubeConfig } from '@kubernetes/client-node';
import { homedir } from 'node:os';
import { join } from 'node:path';

export class KubeconfigError extends Error {
  override name = 'KubeconfigError';
}

/** The kubeconfig path kubectl would use: an explicit file, else KUBECONFIG's first entry, else ~/.kube/config. */
export function defaultKubeconfigPath(explicit?: string): string {
  if (explicit) return explicit;
  const env = process.env.KUBECONFIG?.split(process.platform === 'win32' ? ';' : ':').find(Boolean);
  return env ?? join(homedir(), '.kube', 'config');
}

/** Loads a kubeconfig and selects a context, with errors a user can act on. */
export function loadKubeConfig(file: string, context?: string): KubeConfig {
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(file);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    throw new KubeconfigError(`Cannot read kubeconfig ${file}: ${msg.split('\n')[0]}`);
  }
  if (context) {
    if (!kc.getContexts().some((c) => c.name === context)) {
      const known = kc.getContexts().map((c) => c.name);
      throw new KubeconfigError(`Context "${context}" is not in ${file}${known.length ? ` (it has: ${known.join(', ')})` : ''}`);
    }
    kc.setCurrentContext(context);
  }
  if (!kc.getCurrentCluster()) throw new KubeconfigError(`Kubeconfig ${file} has no current context with a cluster`);
  return kc;
}
