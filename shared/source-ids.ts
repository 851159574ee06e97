import { z } from 'zod';

/**
 * Where evidence and progress come from. A target is typed (a Kubernetes namespace, an SSH
 * host…) and travels as such in progress events; its id is the string the bundle's manifest
 * and errors name it by: `kube:<context>/<namespace>`, `ssh:<alias>`, `gitlab:<host>`,
 * `files:<path>`; a part of a target (a pod) is `<target id>/<name>`. Ids are built here from
 * targets and never parsed back.
 */
export const sourceTargetSchema = z.discriminatedUnion('kind', [
  /** A namespace; without one, the search for the namespaces holding runners (`--all-namespaces`). */
  z.object({ kind: z.literal('kube'), context: z.string(), namespace: z.string().optional() }),
  z.object({ kind: z.literal('ssh'), alias: z.string() }),
  /** Reading the ssh config of one SSH plan, before its hosts are known (1-based when several). */
  z.object({ kind: z.literal('ssh-config'), plan: z.number().int().positive().optional() }),
  z.object({ kind: z.literal('gitlab'), host: z.string() }),
  z.object({ kind: z.literal('files'), path: z.string() }),
]);
export type SourceTarget = z.infer<typeof sourceTargetSchema>;
export type SourceKind = SourceTarget['kind'];

/** What progress is reported for: a target, or a named part of it (a pod of a namespace). */
export const progressSourceSchema = z.object({
  id: z.string(),
  target: sourceTargetSchema,
  part: z.string().optional(),
});
export type ProgressSource = z.infer<typeof progressSourceSchema>;

export const sourceIds = {
  kubeNamespace: (context: string, namespace: string) => `kube:${context}/${namespace}`,
  /** The search for namespaces holding runners in a context (`--all-namespaces`). */
  kubeAllNamespaces: (context: string) => `kube:${context}/*`,
  ssh: (alias: string) => `ssh:${alias}`,
  gitlab: (host: string) => `gitlab:${host}`,
  files: (path: string) => `files:${path}`,
};

/** The id the manifest, errors and progress rows know a target by. */
export function targetId(t: SourceTarget): string {
  switch (t.kind) {
    case 'kube':
      return t.namespace === undefined ? sourceIds.kubeAllNamespaces(t.context) : sourceIds.kubeNamespace(t.context, t.namespace);
    case 'ssh':
      return sourceIds.ssh(t.alias);
    case 'ssh-config':
      return t.plan ? `ssh#${t.plan}` : 'ssh';
    case 'gitlab':
      return sourceIds.gitlab(t.host);
    case 'files':
      return sourceIds.files(t.path);
  }
}

/** A target (or a part of it) as progress reports it. */
export function progressSource(target: SourceTarget, part?: string): ProgressSource {
  const id = targetId(target);
  return part === undefined ? { id, target } : { id: `${id}/${part}`, target, part };
}

export const SOURCE_KINDS: Record<SourceKind, string> = { kube: 'Kubernetes', ssh: 'SSH', 'ssh-config': 'SSH', gitlab: 'GitLab', files: 'Files' };

/** `Kubernetes ctx/ns`, `SSH runner-1`…: the target's kind in words, then which one. */
export function targetLabel(t: SourceTarget): string {
  switch (t.kind) {
    case 'kube':
      return `${SOURCE_KINDS.kube} ${t.context}/${t.namespace ?? '*'}`;
    case 'ssh':
      return `${SOURCE_KINDS.ssh} ${t.alias}`;
    case 'ssh-config':
      return `${SOURCE_KINDS.ssh}${t.plan ? ` #${t.plan}` : ''}`;
    case 'gitlab':
      return `${SOURCE_KINDS.gitlab} ${t.host}`;
    case 'files':
      return `${SOURCE_KINDS.files} ${t.path}`;
  }
}
