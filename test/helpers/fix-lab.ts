import { join } from 'node:path';
import type { DemoLab } from '../../electron/core/demo-lab/lab';

/** The collect sources a fix test passes for one of the lab's namespaces, GitLab included. */
export const labSources = (lab: DemoLab, namespace: string): string[] => [
  '--kubeconfig',
  lab.kubeconfigPath,
  '--kube-context',
  lab.kubeContext,
  '--namespace',
  namespace,
  '--gitlab-url',
  lab.gitlab.url,
  '--gitlab-ca-file',
  lab.gitlab.caFile,
];

/** A CLI run's environment: its own data directory (audit.jsonl), the GitLab token given, no SSH agent. */
export const fixEnv = (dir: string, token: string) => ({ RUNNER_DOCTOR_CONFIG_DIR: join(dir, 'config'), GITLAB_TOKEN: token, SSH_AUTH_SOCK: '' });

/** A Kubernetes object of the lab by kind, namespace and (optionally) name, typed as the test reads it. */
export function labObject<T>(lab: DemoLab, kind: string, namespace: string, name?: string): T {
  return lab.world.kube.objects.find((o) => o.kind === kind && o.metadata.namespace === namespace && (name === undefined || o.metadata.name === name)) as unknown as T;
}
