/**
 * Source ids name where evidence and progress come from. They are built here and read here,
 * by the collectors, the bundle and the window alike:
 * `kube:<context>/<namespace>[/<pod>]`, `ssh:<alias>`, `gitlab:<host>`, `files:<path>`.
 */

export const SOURCE_KINDS = { kube: 'Kubernetes', ssh: 'SSH', gitlab: 'GitLab', files: 'Files' } as const;
export type SourceKind = keyof typeof SOURCE_KINDS;

export const sourceIds = {
  kubeNamespace: (context: string, namespace: string) => `kube:${context}/${namespace}`,
  /** The search for namespaces holding runners in a context (`--all-namespaces`). */
  kubeAllNamespaces: (context: string) => `kube:${context}/*`,
  /** A part of a target (a pod of a namespace): grouped under the target's id. */
  part: (target: string, name: string) => `${target}/${name}`,
  ssh: (alias: string) => `ssh:${alias}`,
  gitlab: (host: string) => `gitlab:${host}`,
  files: (path: string) => `files:${path}`,
};

export function sourceKind(id: string): SourceKind | undefined {
  const prefix = id.slice(0, id.indexOf(':'));
  return prefix in SOURCE_KINDS ? (prefix as SourceKind) : undefined;
}

/** `Kubernetes ctx/ns`, `SSH runner-1`…: the id's kind in words, then the rest. */
export function sourceLabel(id: string): string {
  const kind = sourceKind(id);
  return kind ? `${SOURCE_KINDS[kind]} ${id.slice(kind.length + 1)}` : id;
}

/** Whether `id` is a part of `target` (a pod of a namespace), whatever slashes the context name holds. */
export function isPartOf(id: string, target: string): boolean {
  return id !== target && id.startsWith(`${target}/`);
}
