import { z } from 'zod';
import { messageSchema } from '../messages';

/**
 * Schemas for the wizard's "real targets" panels: what the user may ask about a GitLab
 * instance, kubeconfig contexts and ssh hosts before collecting, and what comes back.
 * Tokens travel renderer → main once (gitlab.saveToken); answers carry a reference, never the token.
 */

const path = z.string().min(1).max(4096);

export const gitlabUrlSchema = z.string().trim().min(1).max(2000);

export const gitlabSaveTokenInput = z.object({
  url: gitlabUrlSchema,
  token: z.string().trim().min(1).max(4096),
});
export const gitlabSaveTokenOutput = z.object({
  /** Name the token is kept under; give it back in gitlab.test and collect.start. */
  tokenRef: z.string(),
  /** False when no OS keychain could keep it: then it lives in memory for this run only. */
  persisted: z.boolean(),
  /** Why not, in English… */
  warning: z.string().optional(),
  /** …and as a message id, for the window's language. */
  warningText: messageSchema.optional(),
});

export const gitlabStoredTokenOutput = z.object({ tokenRef: z.string().optional() });

export const gitlabTestInput = z.object({
  url: gitlabUrlSchema,
  tokenRef: z.string().min(1).max(100).optional(),
  caFile: path.optional(),
  /** Send the token over plain http to another machine anyway (refused otherwise). */
  allowInsecureHttp: z.boolean().optional(),
});

export const gitlabRunnerSchema = z.object({
  id: z.number(),
  description: z.string().nullable(),
  status: z.string(),
  paused: z.boolean(),
  runnerType: z.string().nullable(),
  contactedAt: z.string().nullable(),
});

export const gitlabTestOutput = z.object({
  url: z.string(),
  version: z.object({ version: z.string(), revision: z.string(), enterprise: z.boolean() }),
  user: z.object({ username: z.string(), name: z.string().nullable(), isAdmin: z.boolean() }),
  token: z
    .object({
      name: z.string(),
      scopes: z.array(z.string()),
      expiresAt: z.string().nullable(),
      daysLeft: z.number().nullable(),
      expired: z.boolean(),
      expiringSoon: z.boolean(),
    })
    .nullable(),
  /** What to know about the token (expiry, scopes, whose runners are listed), in English… */
  warnings: z.array(z.string()),
  /** …and as message ids, in the same order, for the window's language. */
  warningTexts: z.array(messageSchema),
  runnersScope: z.enum(['all', 'owned']),
  runners: z.array(gitlabRunnerSchema),
  runnersTruncated: z.boolean(),
});
export type GitlabTestResult = z.infer<typeof gitlabTestOutput>;

export const kubeContextsInput = z.object({ kubeconfig: path.optional() });
export const kubeContextSchema = z.object({
  name: z.string(),
  cluster: z.string(),
  server: z.string().optional(),
  namespace: z.string().optional(),
  user: z.string(),
  /** The credential plugin the context's user runs; it runs only after the user says yes. */
  exec: z.object({ command: z.string(), args: z.array(z.string()), commandLine: z.string(), approved: z.boolean() }).optional(),
});
export type KubeContext = z.infer<typeof kubeContextSchema>;
export const kubeContextsOutput = z.object({
  contexts: z.array(kubeContextSchema),
  current: z.string(),
  files: z.array(z.string()),
  /** Entries the kubeconfig reader skipped, in English… */
  warnings: z.array(z.string()),
  /** …and as message ids, in the same order, for the window's language. */
  warningTexts: z.array(messageSchema),
});
export type KubeContexts = z.infer<typeof kubeContextsOutput>;

/** Why a context's cluster did not answer, by what the user can check; the window words each one. */
export const KUBE_REACH_REASONS = [
  'dns',
  'network',
  'timeout',
  'refused',
  'tls',
  'unauthorized',
  'forbidden',
  'server-error',
  'exec-missing',
  'exec-failed',
  'kubeconfig',
  'other',
] as const;
export type KubeReachReason = (typeof KUBE_REACH_REASONS)[number];

/** One context's reachability: checking, answered (with its version), not answering and why, or not checked until its exec plugin is approved. */
export const kubeReachSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('checking') }),
  z.object({ state: z.literal('reachable'), version: z.string(), latencyMs: z.number() }),
  z.object({
    state: z.literal('unreachable'),
    reason: z.enum(KUBE_REACH_REASONS),
    /** In English; `detailText` is the same as a message id and parameters, for the window's language. */
    detail: z.string(),
    detailText: messageSchema.optional(),
    command: z.string().optional(),
  }),
  z.object({ state: z.literal('needs-approval'), command: z.string() }),
]);
export type KubeReach = z.infer<typeof kubeReachSchema>;

export const kubeReachInput = z.object({
  kubeconfig: path.optional(),
  contexts: z.array(z.string().min(1).max(253)).min(1).max(200),
});

export const kubeNamespacesInput = z.object({
  kubeconfig: path.optional(),
  context: z.string().min(1).max(253),
  /** Also say which namespaces hold runner managers (what collect's allNamespaces would collect). */
  findRunners: z.boolean().optional(),
});
export const kubeNamespacesOutput = z.object({
  namespaces: z.array(z.string()),
  /** With findRunners: the namespaces holding runner managers, among those the user may list pods in. */
  runnerNamespaces: z.array(z.string()).optional(),
  /** With findRunners: namespaces whose pods the user may not list, so runners there cannot be found. */
  unlistedNamespaces: z.array(z.string()).optional(),
  source: z.enum(['cluster', 'context']),
  note: z.string().optional(),
  /** With source `context`: the API server's refusal to list namespaces, in its own words. */
  refusal: z.string().optional(),
});

export const kubeCheckInput = z.object({
  kubeconfig: path.optional(),
  context: z.string().min(1).max(253),
  namespace: z.string().min(1).max(253).optional(),
});
export const kubeAccessResultSchema = z.object({
  id: z.string(),
  /** "list pods", "get pods/log", "patch deployments.apps". */
  permission: z.string(),
  /** null when the review itself could not be made. */
  allowed: z.boolean().nullable(),
  optional: z.boolean(),
  usedBy: z.array(z.string()),
  /** The cluster's words for a denial, or "could not check: …" (in English) when the review could not be made. */
  reason: z.string().optional(),
  /** Why the review could not be made, as a message id and parameters, for the window's language. */
  failure: messageSchema.optional(),
});
export const kubeCheckOutput = z.object({
  context: z.string(),
  /** The namespace checked (the context's own when none was given); absent when the cluster was not reached. */
  namespace: z.string().optional(),
  server: z.string(),
  version: z.string().optional(),
  latencyMs: z.number().optional(),
  error: z.string().optional(),
  /** `error` as a message id and parameters, for the window's language. */
  errorText: messageSchema.optional(),
  username: z.string().optional(),
  results: z.array(kubeAccessResultSchema),
  /** Role/RoleBinding YAML granting what is missing. */
  grant: z.string().optional(),
});
export type KubeCheck = z.infer<typeof kubeCheckOutput>;

export const sshHostsInput = z.object({ sshConfig: path.optional() });
export const sshHostsOutput = z.object({
  /** The file read (the default ~/.ssh/config when none was given). */
  sshConfig: z.string(),
  found: z.boolean(),
  /** `target`: where the alias goes, in English (`targetText`: the same as a message id, through jump hosts); `problem`: why a host cannot be used, in English; `problemText`: the same as a message id, where it has one. */
  hosts: z.array(
    z.object({ alias: z.string(), target: z.string().optional(), targetText: messageSchema.optional(), problem: z.string().optional(), problemText: messageSchema.optional() }),
  ),
});
export type SshHosts = z.infer<typeof sshHostsOutput>;

export const targetDefaultsOutput = z.object({
  kubeconfig: z.string(),
  sshConfig: z.string(),
  knownHosts: z.string(),
});
export type TargetDefaults = z.infer<typeof targetDefaultsOutput>;

export const promptAnswerInput = z.object({ promptId: z.string().min(1).max(100), accept: z.boolean() });
export const promptAnswerOutput = z.object({ answered: z.boolean() });
